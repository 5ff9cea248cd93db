import CheckoutHTTP
import Glibc

/// Request targets against the static files of a small fixed tree: whatever the target
/// (dot segments, percent escapes, NUL, symlink names), a served file lies under the root and
/// is never a dotfile, and the responder only answers or throws `RouterError`.
enum StaticPathTarget {
    /// The root folder and the responder, made once per process.
    static let fixture: (root: String, files: StaticFileResponder) = {
        var template = Array("/tmp/checkout-fuzz-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            preconditionFailure("mkdtemp failed")
        }
        let root = String(cString: made)
        let outside = root + "-outside"
        mkdir(root + "/assets", 0o755)
        mkdir(outside, 0o755)
        for (path, text) in [("/index.html", "<p>home</p>"), ("/assets/a.css", "a{}"), ("/.secret", "no")] {
            let fd = open(root + path, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
            _ = text.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        let fd = open(outside + "/passwd", O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        close(fd)
        symlink(outside, root + "/escape")
        symlink(outside + "/passwd", root + "/assets/link")
        // Every file as a region (no memory copies), so the served path can be checked.
        let configuration = StaticFileResponder.Configuration(memoryFileLimit: 0, cacheCapacity: 0)
        guard let files = try? StaticFileResponder(root: root, configuration: configuration) else {
            preconditionFailure("no responder")
        }
        return (root, files)
    }()

    static func run(_ input: [UInt8]) {
        let target = "/" + String(decoding: input, as: UTF8.self)
        let request = Request(method: .get, target: target)
        // `serve` throws only `RouterError` (typed): a refusal is a fine outcome.
        guard let response = try? fixture.files.serve(request) else { return }
        switch response.body {
        case .file(let region):
            check(region.path, target)
        case .bytes(let bytes):
            precondition(bytes.isEmpty, "a file body from memory despite memoryFileLimit 0 for \(target.debugDescription)")
        case .stream:
            preconditionFailure("a streamed static file for \(target.debugDescription)")
        }
    }

    static func check(_ path: String, _ target: String) {
        precondition(path.hasPrefix(fixture.root + "/"), "served \(path) outside the root for \(target.debugDescription)")
        precondition(!path.split(separator: "/").contains { $0.hasPrefix(".") }, "served a dotfile for \(target.debugDescription)")
    }
}
