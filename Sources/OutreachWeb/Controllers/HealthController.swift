import Hummingbird
import NIOCore
import OutreachCore
import Prometheus

/// `/healthz` (the process answers and the store reads), `/metrics` (Prometheus text), and the style sheet.
struct HealthController {
    let web: WebApp

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/healthz") { _, _ -> Response in
            // The store answering is part of being healthy: a locked or missing database shows here.
            let ok = (try? await web.referenceData()) != nil
            return Response(
                status: ok ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: ok ? "ok\n" : "unavailable\n")))
        }
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: web.metrics.emitToBuffer())))
        }
        router.get("/assets/site.css") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: SiteStyle.css + "\n" + PagesSupport.css)))
        }
    }
}
