module realworld.invalid/mod

go 1.26

require (
	github.com/cespare/xxhash/v2 v2.1.1 // indirect
	github.com/dgryski/go-rendezvous v0.0.0-20200823014737-9f7001d12a5f // indirect
	github.com/go-redis/redis/v8 v8.4.4 // indirect
	github.com/gomodule/redigo v1.8.3 // indirect
	github.com/nitishm/go-rejson/v4 v4.1.0 // indirect
	go.opentelemetry.io/otel v0.15.0 // indirect
)
