// Package flow indexes how the variables and struct fields of one
// type-checked package are assigned and used, and evaluates the values
// that can be known from that: constants, numbers and durations, slice
// lengths, and struct values (options) with the fields set after their
// literal. It is built once per package ([New]) and read by every check;
// it imports no go/analysis.
//
// # What is recorded
//
// For each variable ([Var]): every assignment in source order (the
// declaration included), every use, every &v, the writes to its fields
// (v.F = x), the loop of a range or for-clause variable, and the reasons
// its value cannot be followed ([Reason]). For each struct field
// ([Field]): the values composite literals and assignments (x.F = e, any
// x) give it, and whether some value of its type leaves it zero.
//
// # One set of rules
//
// Every reader follows the same rules; they are applied here, once.
//
//   - Address taken. &v lets whoever holds the pointer change v at any
//     time, so v is [AddrTaken] and its value is not followed
//     ([Index.Once] fails). There is one exception, for a reader that asks
//     for the value of v at a call that takes &v as a direct argument
//     ([Index.Struct] with that call): the callee cannot have changed v
//     before it is called, and every other &v still disqualifies. &T{...}
//     takes the address of a new value, not of a variable. &v.F marks the
//     field F of v as written with a value not known.
//   - Multi-value assignment. a, b := f() (and var a, b = f()) is one
//     assignment to each variable, of result i of the call ([Assign.Index]
//     >= 0). The value is that of an unknown call: a reader that knows f
//     (redis.ParseURL, say) may use it; [Index.Const] and [Index.Initializer]
//     do not. The variable is otherwise treated like any other: assigned
//     once when that is its only assignment.
//   - Modified. v++, v += x, for v = range ... (not :=) change v in ways
//     not followed: [Modified].
//   - Escapes. A slice, map or pointer variable used other than by reading
//     it (an alias q := p, an argument of a function that is not known to
//     leave its arguments alone, copy into it, a re-slice) may have what it
//     refers to changed behind the analysis' back: [Escapes].
//   - Exported package-level variables that this package never reassigns
//     count as assigned once, to their initializer. Another package could
//     assign them (pkg.Seeds = ...); that is rare enough in code that
//     talks to Redis (seed lists, prefixes, option defaults) to accept,
//     and the alternative, never following them, loses real findings.
//     Struct fields are different: an exported field of an exported type
//     is set by other packages all the time, so the package-wide values
//     of a field ([Index.FieldValues]) are known only for unexported
//     fields, or in package main.
//
// # Sets of values
//
// A field set after its literal under an if, or in both branches of an
// if/else, has a set of possible values, each with where it is set
// ([Struct], [Value]). A reader that needs one value takes the set when
// all members agree, and fails open otherwise.
package flow
