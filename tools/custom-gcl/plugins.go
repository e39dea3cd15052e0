package main

// Module plugins, as golangci-lint custom would add them to
// cmd/golangci-lint/plugins.go.
import (
	_ "github.com/clusterlint/clusterlint/plugin/golangci"
)
