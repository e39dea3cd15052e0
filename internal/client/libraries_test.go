package client_test

import (
	"testing"

	"github.com/clusterlint/clusterlint/internal/client"
)

func TestIsLibrary(t *testing.T) {
	for path, want := range map[string]bool{
		"github.com/redis/go-redis/v9":                        true,
		"github.com/redis/go-redis/v9/maintnotifications":     true,
		"github.com/go-redis/redis/v8":                        true,
		"github.com/go-redis/redis":                           true,
		"github.com/go-redis/redis/v7":                        true,
		"github.com/go-redis/redis_rate/v10":                  false,
		"github.com/go-redis/redismock/v9":                    false,
		"github.com/gomodule/redigo/redis":                    true,
		"github.com/redis/rueidis/rueidiscompat":              true,
		"github.com/redis/rueidishook":                        false,
		"github.com/valkey-io/valkey-go":                      true,
		"github.com/valkey-io/valkey-glide/go/v2":             true,
		"github.com/valkey-io/valkey-glide/golang":            false,
		"github.com/mna/redisc":                               true,
		"example.com/app/vendor/github.com/redis/go-redis/v9": true,
		"github.com/redis/go-redis/extra/redisotel/v9":        false,
		"fmt": false,
		"":    false,
	} {
		if got := client.IsLibrary(path); got != want {
			t.Errorf("IsLibrary(%q) = %v, want %v", path, got, want)
		}
	}
}
