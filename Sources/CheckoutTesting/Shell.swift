import Foundation

/// Runs a command for a test and returns its exit status and combined output.
public enum Shell {
    /// Runs `executable` (a path, or a name on PATH) with `arguments`, `input` on its standard
    /// input and `environment` added to ours; stops it after `timeout` seconds.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], input: String? = nil,
                           environment: [String: String] = [:], timeout: Double = 30) throws -> (status: Int32, output: String) {
        let output = try OutputPipe()
        var inputDescriptors: [Int32] = [-1, -1]
        if input != nil {
            let ends = try ChildProcess.makePipe()
            inputDescriptors = [ends.read, ends.write]
        }
        let process: ChildProcess
        do {
            process = try ChildProcess(
                executable, arguments,
                environment: environment.isEmpty ? nil
                    : ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
                stdin: input == nil ? .null : .descriptor(inputDescriptors[0]),
                stdout: .descriptor(output.writeDescriptor), stderr: .descriptor(output.writeDescriptor))
        } catch {
            inputDescriptors.filter { $0 >= 0 }.forEach { close($0) }
            throw error
        }
        output.closeWriteEnd()
        if let input {
            close(inputDescriptors[0])
            let bytes = Array(input.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(inputDescriptors[1], $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { break }
                offset += written
            }
            close(inputDescriptors[1])
        }
        if process.wait(seconds: timeout) == nil {
            process.terminate()
            if process.wait(seconds: 5) == nil { process.send(signal: SIGKILL) }
        }
        let status = process.waitUntilExit()
        return (status, output.finish())
    }

    /// Whether `name` is on PATH.
    public static func has(_ name: String) -> Bool {
        (try? run("which", [name]).status) == 0
    }
}
