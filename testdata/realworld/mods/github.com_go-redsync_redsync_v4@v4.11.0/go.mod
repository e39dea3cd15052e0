module realworld.invalid/mod

go 1.26

require (
	github.com/cespare/xxhash/v2 v2.2.0 // indirect
	github.com/dgryski/go-rendezvous v0.0.0-20200823014737-9f7001d12a5f // indirect
	github.com/go-redis/redis v6.15.9+incompatible // indirect
	github.com/go-redis/redis/v7 v7.4.0 // indirect
	github.com/go-redis/redis/v8 v8.11.4 // indirect
	github.com/go-redsync/redsync/v4 v4.11.0 // indirect
	github.com/gomodule/redigo v1.8.9 // indirect
	github.com/hashicorp/errwrap v1.1.0 // indirect
	github.com/hashicorp/go-multierror v1.1.1 // indirect
	github.com/redis/go-redis/v9 v9.0.2 // indirect
	github.com/redis/rueidis v1.0.19 // indirect
	github.com/stvp/tempredis v0.0.0-20181119212430-b82af8480203 // indirect
)
