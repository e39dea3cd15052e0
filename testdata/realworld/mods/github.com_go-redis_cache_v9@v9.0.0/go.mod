module realworld.invalid/mod

go 1.26

require (
	github.com/cespare/xxhash/v2 v2.2.0 // indirect
	github.com/dgryski/go-rendezvous v0.0.0-20200823014737-9f7001d12a5f // indirect
	github.com/go-redis/cache/v9 v9.0.0 // indirect
	github.com/klauspost/compress v1.13.6 // indirect
	github.com/redis/go-redis/v9 v9.0.0-rc.4 // indirect
	github.com/vmihailenco/go-tinylfu v0.2.2 // indirect
	github.com/vmihailenco/msgpack/v5 v5.3.4 // indirect
	github.com/vmihailenco/tagparser/v2 v2.0.0 // indirect
	golang.org/x/sync v0.1.0 // indirect
)
