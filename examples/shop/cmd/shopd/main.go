// Command shopd connects the shop's stores to a Redis Cluster and serves
// the account page. It only shows how the stores are wired.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/clusterlint/clusterlint/examples/shop"
)

func main() {
	addrs := flag.String("addrs", "127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002", "comma-separated Redis Cluster seed nodes")
	listen := flag.String("listen", "127.0.0.1:8080", "HTTP listen address")
	flag.Parse()

	// BUG(retry): default retries give up within 0.2s; a failover takes 16s, so users see CLUSTERDOWN
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: strings.Split(*addrs, ",")})
	app := shop.New(rdb)

	http.HandleFunc("GET /account/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			http.Error(w, "bad user id", http.StatusBadRequest)
			return
		}
		acct, err := app.Profiles.Load(r.Context(), id)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "{\"profile\":%s,\"settings\":%s}\n", acct.Profile, acct.Settings)
	})
	log.Fatal(http.ListenAndServe(*listen, nil))
}
