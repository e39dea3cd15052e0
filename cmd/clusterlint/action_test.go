package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// requireTool returns the path of the program name, or skips the test
// when it is not installed; under CI=true a missing program is a failure,
// so CI cannot pass without running the test (scripts/test.sh installs
// it).
func requireTool(t *testing.T, name, why string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed (%s): CI must run this test", name, why)
		}
		t.Skipf("%s is not installed (%s): install it (Debian: apt-get install %s) to run this test", name, why, name)
	}
	return path
}

// actionFile is the part of action.yml the tests read.
type actionFile struct {
	Name   string
	Inputs map[string]struct {
		Description string
		Default     *string
	}
	Runs struct {
		Using string
		Steps []actionStep
	}
}

type actionStep struct {
	Name             string
	ID               string
	If               string
	Uses             string
	Shell            string
	Run              string
	WorkingDirectory string `yaml:"working-directory"`
	Env              map[string]string
	With             map[string]string
}

func readAction(t *testing.T) actionFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return a
}

// TestActionFile checks action.yml's shape: the inputs the README
// documents, a composite action that installs this module's command,
// uploads SARIF with codeql-action, and passes only flags the binary
// accepts. Scripts take inputs from env, never from ${{ }} inside the
// script text (which would be script injection).
func TestActionFile(t *testing.T) {
	a := readAction(t)
	for name, def := range map[string]string{
		"packages": "./...", "version": "latest", "args": "", "sarif-file": "clusterlint.sarif",
		"working-directory": ".", "upload": "true", "fail-on-findings": "true", "keyspace-summary": "false",
	} {
		in, ok := a.Inputs[name]
		if !ok || in.Description == "" || in.Default == nil || *in.Default != def {
			t.Errorf("input %s: %+v, want a description and default %q", name, in, def)
		}
	}
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", a.Runs.Using)
	}
	mod, err := os.ReadFile(filepath.Join(repoRoot(t), "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	modPath := strings.TrimSpace(strings.TrimPrefix(strings.SplitN(string(mod), "\n", 2)[0], "module"))
	install := `go install "` + modPath + `/cmd/clusterlint@${CLUSTERLINT_VERSION}"`

	steps := make(map[string]actionStep)
	var order []string
	for _, s := range a.Runs.Steps {
		steps[s.Name] = s
		order = append(order, s.Name)
		if s.Run != "" && (s.Shell != "bash" || strings.Contains(s.Run, "${{")) {
			t.Errorf("step %q: shell %q; scripts must be bash and read inputs from env, not ${{ }}", s.Name, s.Shell)
		}
	}
	if got := strings.Join(order, ", "); got != "Install clusterlint, Run clusterlint, Keyspace map to the job summary, Upload SARIF to code scanning, Fail on findings" {
		t.Errorf("steps: %s", got)
	}
	if s := steps["Install clusterlint"]; !strings.Contains(s.Run, install) || s.Env["CLUSTERLINT_VERSION"] != "${{ inputs.version }}" {
		t.Errorf("install step does not run %s with the version input:\n%s", install, s.Run)
	}
	if s := steps["Upload SARIF to code scanning"]; s.Uses != "github/codeql-action/upload-sarif@v3" ||
		s.With["sarif_file"] != "${{ inputs.working-directory }}/${{ inputs.sarif-file }}" || s.If != "${{ inputs.upload == 'true' }}" {
		t.Errorf("upload step: %+v", s)
	}
	runStep := steps["Run clusterlint"]
	if runStep.ID != "run" || runStep.Env["CLUSTERLINT_SARIF"] != "${{ inputs.sarif-file }}" ||
		runStep.Env["CLUSTERLINT_PACKAGES"] != "${{ inputs.packages }}" || runStep.Env["CLUSTERLINT_ARGS"] != "${{ inputs.args }}" {
		t.Errorf("run step: %+v", runStep)
	}
	if s := steps["Fail on findings"]; !strings.Contains(s.If, "steps.run.outputs.exit-code == '3'") {
		t.Errorf("fail step runs if %q, want it to depend on exit code 3", s.If)
	}

	// The flags the scripts give clusterlint must be flags of the driver
	// (its usage lists them).
	_, usage, _ := run(t, repoRoot(t), "-format", "text", "-help")
	invocation := regexp.MustCompile(`(?m)^\s*clusterlint (.*)$`)
	flagRE := regexp.MustCompile(`(?:^|\s)-([a-z][a-z0-9.-]*)`)
	n := 0
	for _, s := range a.Runs.Steps {
		for _, m := range invocation.FindAllStringSubmatch(s.Run, -1) {
			for _, f := range flagRE.FindAllStringSubmatch(m[1], -1) {
				n++
				if !regexp.MustCompile(`(?m)^\s+-` + regexp.QuoteMeta(f[1]) + `\b`).MatchString(usage) {
					t.Errorf("step %q passes -%s, which clusterlint's driver does not list:\n%s", s.Name, f[1], usage)
				}
			}
		}
	}
	if n < 2 {
		t.Errorf("found %d clusterlint flags in the steps, want -format and -fail-on-findings", n)
	}
}

// TestActionScripts runs the action's "Run clusterlint" and "Fail on
// findings" scripts with bash, as GitHub Actions does, on a module in a
// subdirectory of a git repository: with findings, without, and on code
// that does not compile.
func TestActionScripts(t *testing.T) {
	requireTool(t, "jq", "the action's scripts use it, as GitHub's runners provide it")
	a := readAction(t)
	steps := make(map[string]actionStep)
	for _, s := range a.Runs.Steps {
		steps[s.Name] = s
	}
	repo := t.TempDir()
	gitInit(t, repo)
	mod, files := shopFixture(t)
	svc := filepath.Join(repo, "svc")
	if err := os.CopyFS(svc, os.DirFS(mod)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(svc, "totals.go"), files["later/totals.go"])

	inputs := map[string]string{"packages": "./...", "args": "-test=false", "sarif-file": "out.sarif", "upload": "true"}
	stepSummary := ""
	// step runs a step's script in dir with its env, the inputs
	// substituted, and returns the output, exit code and step outputs.
	step := func(name, dir string) (string, int, string) {
		t.Helper()
		s := steps[name]
		env := append([]string{}, moduleEnv...)
		out := filepath.Join(t.TempDir(), "github_output")
		writeFile(t, out, nil)
		env = append(env, "GITHUB_OUTPUT="+out, "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
		if stepSummary != "" {
			env = append(env, "GITHUB_STEP_SUMMARY="+stepSummary)
		}
		for k, v := range s.Env {
			v = regexp.MustCompile(`\$\{\{ inputs\.([a-z-]+) \}\}`).ReplaceAllStringFunc(v, func(e string) string {
				return inputs[strings.TrimSuffix(strings.TrimPrefix(e, "${{ inputs."), " }}")]
			})
			if v == "${{ inputs.upload != 'true' }}" {
				v = map[bool]string{true: "false", false: "true"}[inputs["upload"] == "true"]
			}
			if strings.Contains(v, "${{") {
				t.Fatalf("step %q: env %s=%s not substituted by the test", name, k, v)
			}
			env = append(env, k+"="+v)
		}
		script := filepath.Join(t.TempDir(), "step.sh")
		writeFile(t, script, []byte(s.Run))
		// GitHub Actions runs shell: bash as bash --noprofile --norc -eo pipefail {0}.
		stdout, stderr, code := command(t, 3*time.Minute, dir, env, "bash", "--noprofile", "--norc", "-eo", "pipefail", script)
		outputs, _ := os.ReadFile(out)
		return stdout + stderr, code, string(outputs)
	}

	// The keyspace map goes to the job summary as Markdown with a Mermaid
	// diagram of the fixture's conflicting MGET.
	summary := filepath.Join(t.TempDir(), "step_summary.md")
	writeFile(t, summary, []byte("earlier summary\n"))
	stepSummary = summary
	if log, code, _ := step("Keyspace map to the job summary", svc); code != 0 {
		t.Fatalf("keyspace map step: exit %d\n%s", code, log)
	}
	md, _ := os.ReadFile(summary)
	if !strings.HasPrefix(string(md), "earlier summary\n## clusterlint keyspace map\n") || !strings.Contains(string(md), "```mermaid\nflowchart LR\n") ||
		!strings.Contains(string(md), "g1: conflict") || !strings.Contains(string(md), "### Conflicts and plan") {
		t.Errorf("job summary after the keyspace map step:\n%s", md)
	}
	stepSummary = ""

	log, code, outputs := step("Run clusterlint", svc)
	if code != 0 || outputs != "exit-code=3\n" {
		t.Fatalf("run step with findings: exit %d, outputs %q, want 0 and exit-code=3\n%s", code, outputs, log)
	}
	data, err := os.ReadFile(filepath.Join(svc, "out.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	var sarif struct {
		Runs []struct {
			OriginalURIBaseIDs map[string]any `json:"originalUriBaseIds"`
			Results            []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(data, &sarif); err != nil || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != 1 {
		t.Fatalf("out.sarif (%v):\n%s", err, data)
	}
	if al := sarif.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation; al.URI != "svc/totals.go" || sarif.Runs[0].OriginalURIBaseIDs != nil {
		t.Errorf("artifact location %+v, base IDs %v: want svc/totals.go, relative to the repository's root", al, sarif.Runs[0].OriginalURIBaseIDs)
	}

	log, code, _ = step("Fail on findings", svc)
	if code != 1 || !strings.Contains(log, "svc/totals.go:11:") || !strings.Contains(log, "[crossslot/proven]") {
		t.Errorf("fail step: exit %d, want 1 with the finding listed\n%s", code, log)
	}
	inputs["upload"] = "false"
	log, code, _ = step("Fail on findings", svc)
	if code != 1 || !strings.Contains(log, "::error file=svc/totals.go,line=11,col=") || !strings.Contains(log, "title=clusterlint crossslot/proven::MGET keys") {
		t.Errorf("fail step without upload: exit %d, want 1 with an annotation\n%s", code, log)
	}

	os.Remove(filepath.Join(svc, "totals.go"))
	if log, code, outputs = step("Run clusterlint", svc); code != 0 || outputs != "exit-code=0\n" {
		t.Errorf("run step without findings: exit %d, outputs %q\n%s", code, outputs, log)
	}
	writeFile(t, filepath.Join(svc, "broken.go"), []byte("package shop\n\nfunc broken() { x := 1 }\n"))
	if log, code, outputs = step("Run clusterlint", svc); code != 1 || outputs != "exit-code=1\n" || !strings.Contains(log, "::error title=clusterlint::clusterlint failed with exit code 1") {
		t.Errorf("run step on broken code: exit %d, outputs %q, want 1\n%s", code, outputs, log)
	}
}
