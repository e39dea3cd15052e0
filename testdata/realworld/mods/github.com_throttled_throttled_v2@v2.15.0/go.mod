module realworld.invalid/mod

go 1.26

require (
	github.com/cespare/xxhash/v2 v2.2.0 // indirect
	github.com/dgryski/go-rendezvous v0.0.0-20200823014737-9f7001d12a5f // indirect
	github.com/go-redis/redis v6.15.8+incompatible // indirect
	github.com/go-redis/redis/v8 v8.4.2 // indirect
	github.com/gomodule/redigo v1.8.9 // indirect
	github.com/hashicorp/golang-lru v0.5.4 // indirect
	github.com/redis/go-redis/v9 v9.0.5 // indirect
	github.com/throttled/throttled/v2 v2.15.0 // indirect
	go.opentelemetry.io/otel v0.14.0 // indirect
)
