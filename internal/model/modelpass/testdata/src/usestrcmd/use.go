package usestrcmd

import "fake.example/strcmd"

func f(conn strcmd.Conn, id string) {
	conn.Do("MGET", "a:"+id, "b") // want `MGET via strcmd Do keys "a:<id>" "b" complete on single node`
	conn.Do("GET")                // wrong number of arguments: no call
	conn.Send("MULTI")            // want `transaction MULTI of 2 calls`
	conn.Send("SET", "k1", 1)     // want `SET via strcmd Send keys "k1" complete on single node in MULTI`
	conn.Send("INCR", "k2")       // want `INCR via strcmd Send keys "k2" complete on single node in MULTI`
	conn.Do("EXEC")
	conn.Do(id, "x") // unknown command: no call
}
