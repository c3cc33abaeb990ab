// Command etcd is the upstream etcd server, linked from the
// go.etcd.io/etcd/server/v3 module pinned in ../../go.mod. Test use only.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
