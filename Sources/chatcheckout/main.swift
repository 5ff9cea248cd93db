import ArgumentParser

// Block the service signals before the first thread starts: every thread inherits the
// mask, and `serve` receives SIGTERM/SIGINT/SIGHUP synchronously with sigwait.
SignalWaiter.service = SignalWaiter.blockServiceSignals()
ChatCheckout.main()
