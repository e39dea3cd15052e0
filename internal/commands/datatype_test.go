package commands

import "testing"

func TestDataTypes(t *testing.T) {
	seen := make(map[string]bool)
	for typ, names := range dataTypes {
		for _, n := range names {
			if seen[n] {
				t.Errorf("%s has two data types", n)
			}
			seen[n] = true
			if _, ok := redisIndex[n]; !ok {
				t.Errorf("%s (%s) is not a row of the Redis table", n, typ)
			}
		}
	}
	for _, tc := range []struct {
		name, sub string
		want      DataType
	}{
		{"get", "", TypeString},
		{"PFADD", "", TypeString},
		{"HSET", "", TypeHash},
		{"ZUNIONSTORE", "", TypeZSet},
		{"GEOADD", "", TypeZSet},
		{"LMOVE", "", TypeList},
		{"SUNIONSTORE", "", TypeSet},
		{"XGROUP", "CREATE", TypeStream},
		{"DEL", "", TypeNone},
		{"EXPIRE", "", TypeNone},
		{"EVAL", "", TypeNone},
	} {
		c, ok := LookupRedis(tc.name, tc.sub)
		if !ok {
			t.Fatalf("LookupRedis(%q, %q) failed", tc.name, tc.sub)
		}
		if got := c.DataType(); got != tc.want {
			t.Errorf("%s %s: DataType() = %q, want %q", tc.name, tc.sub, got, tc.want)
		}
	}
}
