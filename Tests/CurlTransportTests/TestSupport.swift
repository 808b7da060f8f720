import CurlTransport
import OutreachTestSupport
import Glibc
import OutreachCore

/// The proxy environment of this test process, set once before any transfer starts.
///
/// libcurl reads `http_proxy`/`no_proxy` with `getenv` when it connects, and `setenv` is not safe
/// while another thread reads the environment, so the variables are set exactly once, inside a lazy
/// global that every test touches (through ``makeTransport(_:)``) before it creates a transport.
/// `no_proxy` keeps all 127.0.0.1 traffic direct; any other host goes to ``proxyServer``.
enum ProxyEnvironment {
    static let proxyServer: FakeWebhookServer? = {
        guard let server = try? FakeWebhookServer(handler: { _ in .json(#"{"via":"proxy"}"#) }) else { return nil }
        setenv("no_proxy", "127.0.0.1,localhost", 1)
        setenv("NO_PROXY", "127.0.0.1,localhost", 1)
        setenv("http_proxy", server.baseURL, 1)
        return server
    }()
}

/// Creates a transport after fixing the proxy environment.
func makeTransport(_ configuration: CurlNoticeTransport.Configuration = .init()) -> CurlNoticeTransport {
    _ = ProxyEnvironment.proxyServer
    return CurlNoticeTransport(configuration: configuration)
}

/// Sends and returns the error, or `nil` when a response came back.
func sendFailure(_ transport: CurlNoticeTransport, _ request: HTTPRequest) async -> TransportError? {
    do {
        _ = try await transport.send(request)
        return nil
    } catch {
        return error
    }
}

/// A JSON POST as the notifiers send it.
func jsonPost(_ url: String, _ json: String = #"{"msgtype":"text","text":{"content":"hi"}}"#) -> HTTPRequest {
    HTTPRequest(url: url, headers: [(name: "Content-Type", value: "application/json")], body: Array(json.utf8))
}

/// A loopback listener whose accept queue is full, so a new connection attempt hangs in SYN_SENT.
///
/// `listen(fd, 0)` admits one connection into the accept queue; ``init()`` fills it and nobody
/// accepts, so Linux drops further SYNs and the client's connect times out.
final class BlackHoleListener {
    let port: Int
    private let listener: Int32
    private let filler: Int32

    init?() {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 0) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard ok, connected else {
            close(listener)
            close(filler)
            return nil
        }
        self.listener = listener
        self.filler = filler
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(filler)
        close(listener)
    }
}
