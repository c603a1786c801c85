package budget

// Itoa is exported to the tests.
var Itoa = itoa
