// Package slotcalc computes Redis Cluster hash slots exactly as the server
// does.
//
// A key's slot is CRC16(h) mod [NumSlots], where CRC16 is the CCITT
// polynomial 0x1021 in its XMODEM form (initial value 0, no reflection, no
// final XOR) and h is the key's hashed part: the bytes between the first '{'
// and the first '}' after it, when at least one byte lies between them;
// otherwise the whole key. The rule works on bytes, never on runes:
//
//	Slot("user:{42}:name") == Slot("42")
//	HashTag("foo{bar}{zap}") == "bar"     // only the first tag counts
//	HashTag("foo{{bar}}zap") == "{bar"    // the first '}' after the first '{' ends it
//	HashTag("foo{}{bar}") == "foo{}{bar}" // an empty first tag hashes the whole key
//
// Keys that must be used together in one multi-key command, transaction or
// script must share a slot; [GroupBySlot] splits a key list into the groups a
// cluster would accept.
//
// The package is pure: it imports neither golang.org/x/tools/go/analysis nor
// a Redis client. Slot, SlotBytes, HashTag, TagRange and CRC16 do not
// allocate.
//
// See https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags.
package slotcalc
