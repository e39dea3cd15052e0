package nolib

type conn struct{}

func (conn) Do(cmd string, args ...interface{}) {}

func f(c conn) {
	c.Do("MGET", "a", "b") // not a client library: nothing
}
