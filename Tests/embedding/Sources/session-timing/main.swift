import Finsam

// The first Session() of a process builds the built-in dataset; later ones share it.
func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

let clock = ContinuousClock()
var start = clock.now
let first = Session()
let firstTime = clock.now - start
start = clock.now
let second = Session()
let secondTime = clock.now - start
let same = try first.query("from deltagare show count").scalar == second.query("from deltagare show count").scalar
print("first Session(): \(milliseconds(firstTime)) ms")
print("second Session(): \(milliseconds(secondTime)) ms")
print("same answers: \(same)")
