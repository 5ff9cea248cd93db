/// A fixed pool of threads that runs request handler tasks (`Task(executorPreference:)`),
/// so handlers never wait for threads that unrelated code has blocked in the shared
/// cooperative pool, and the event loops keep their own threads. After `stop()`, late jobs
/// (a continuation resumed after shutdown) go to the global executor instead of being lost.
public final class HandlerExecutor: TaskExecutor, @unchecked Sendable {
    /// The pool running the current handler, so that work a handler starts in an
    /// unstructured `Task` can stay on it: `Task(executorPreference: HandlerExecutor.preferred)`.
    @TaskLocal public static var current: HandlerExecutor?

    /// The current handler pool, or the global executor outside handlers.
    public static var preferred: any TaskExecutor { current ?? globalConcurrentExecutor }

    private let lock = ConditionLock()
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var stopped = false
    private var threads: [SystemThread] = []

    /// Starts `threadCount` worker threads.
    public init(threadCount: Int) {
        threads = (0..<max(1, threadCount)).map { index in
            SystemThread(name: "http-handler-\(index)") { [unowned self] in work() }
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        lock.lock()
        if stopped {
            lock.unlock()
            globalConcurrentExecutor.enqueue(job)
            return
        }
        jobs.append(job)
        lock.signal()
        lock.unlock()
    }

    private func work() {
        while true {
            lock.lock()
            while head == jobs.count && !stopped { lock.wait() }
            if head == jobs.count {
                lock.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 1024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            lock.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    /// Lets the workers finish the queued jobs, then ends them; later jobs run on the
    /// global executor. Called from one of the workers (a server shut down by its own
    /// handler), that worker is detached rather than joined, so no finished thread leaks.
    public func stop() {
        lock.lock()
        stopped = true
        lock.broadcast()
        lock.unlock()
        threads.forEach { $0.isCurrent ? $0.detach() : $0.join() }
    }
}
