import Foundation

/// Several `chatcheckout serve` processes on one PostgreSQL database and one data folder
/// (shared sandbox keys), optionally behind an nginx that balances over them: the deployment
/// of `docker/compose.yaml`'s postgres profile, on loopback.
public final class ReplicaSet: @unchecked Sendable {
    public let replicas: [ServiceProcess]
    public let dataDirectory: URL
    public let nginxPort: Int?
    private var nginx: ChildProcess?
    public static let adminToken = "e2e-admin-token-0123456789"

    /// Starts `count` replicas (the first alone, so it migrates and makes the sandbox keys)
    /// and, when `withNginx`, nginx in front of them with `docker/nginx-replicas.conf`'s settings.
    public init(databaseURL: String, count: Int = 3, withNginx: Bool = false,
                environment: [String: String] = [:]) throws {
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("cc-replicas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let nginxPort = withNginx ? ServiceProcess.freePort() : nil
        self.nginxPort = nginxPort
        var env = environment
        env["CHECKOUT_DATABASE_URL"] = databaseURL
        env["CHECKOUT_DB"] = dataDirectory.appendingPathComponent("checkout.sqlite").path
        env["CHECKOUT_SANDBOX"] = env["CHECKOUT_SANDBOX"] ?? "1"
        env["CHECKOUT_ADMIN_TOKEN"] = Self.adminToken
        if let nginxPort { env["CHECKOUT_PUBLIC_URL"] = "http://127.0.0.1:\(nginxPort)" }
        var started = [try ServiceProcess(environment: env)]
        for _ in 1..<count { started.append(try ServiceProcess(environment: env)) }
        replicas = started
        if let nginxPort { nginx = try Self.startNginx(port: nginxPort, upstreams: started.map(\.port), in: dataDirectory) }
    }

    /// The base URL of nginx (or of the first replica without nginx).
    public var baseURL: String { "http://127.0.0.1:\(nginxPort ?? replicas[0].port)" }

    private static func startNginx(port: Int, upstreams: [Int], in directory: URL) throws -> ChildProcess {
        let root = directory.appendingPathComponent("nginx")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("logs"), withIntermediateDirectories: true)
        let servers = upstreams.map { "        server 127.0.0.1:\($0) max_fails=3 fail_timeout=5s;" }.joined(separator: "\n")
        let config = """
            daemon off;
            worker_processes 1;
            pid \(root.path)/nginx.pid;
            error_log \(root.path)/logs/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path \(root.path)/body;
                proxy_temp_path \(root.path)/proxy;
                upstream chatcheckout {
            \(servers)
                    keepalive 64;
                }
                server {
                    listen 127.0.0.1:\(port);
                    client_max_body_size 1m;
                    location / {
                        proxy_pass http://chatcheckout;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_buffering off;
                        proxy_next_upstream error timeout http_502 http_503;
                    }
                }
            }
            """
        let file = root.appendingPathComponent("nginx.conf")
        try config.write(to: file, atomically: true, encoding: .utf8)
        let process = try ChildProcess(Shell.has("nginx") ? "nginx" : "/usr/sbin/nginx", ["-p", root.path, "-c", file.path])
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let response = try? TestConnection(port: port, timeout: 2).request("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
               response.status == 200 { return process }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        process.terminate()
        throw TestError("nginx did not start: \((try? String(contentsOf: root.appendingPathComponent("logs/error.log"), encoding: .utf8)) ?? "")")
    }

    /// Stops nginx and every replica, removes the shared data folder.
    public func stop() {
        if let nginx, nginx.isRunning {
            nginx.terminate()
            nginx.waitUntilExit()
        }
        replicas.forEach { $0.stop() }
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    deinit { stop() }
}
