package golangci

// Constructors exposes the constructor table to the external tests.
var Constructors = constructors

// SetFlags exposes setFlags to the external tests.
var SetFlags = setFlags
