import Glibc

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

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var stopped = false
    private var threads: [PosixThread] = []

    /// Starts `threadCount` worker threads.
    public init(threadCount: Int) {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        threads = (0..<max(1, threadCount)).map { index in
            PosixThread(name: "http-handler-\(index)") { [unowned self] in work() }
        }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        pthread_mutex_lock(mutex)
        if stopped {
            pthread_mutex_unlock(mutex)
            globalConcurrentExecutor.enqueue(job)
            return
        }
        jobs.append(job)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    private func work() {
        while true {
            pthread_mutex_lock(mutex)
            while head == jobs.count && !stopped { pthread_cond_wait(condition, mutex) }
            if head == jobs.count {
                pthread_mutex_unlock(mutex)
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
            pthread_mutex_unlock(mutex)
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    /// Lets the workers finish the queued jobs, then ends them; later jobs run on the
    /// global executor.
    public func stop() {
        pthread_mutex_lock(mutex)
        stopped = true
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
        threads.forEach { $0.join() }
    }
}
