import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachApp
import OutreachCore
import OutreachFormats
import OutreachTestSupport
import Testing

@testable import OutreachWeb

/// The OpenAPI document: the copy in the binary is docs/openapi.json, every `/api/v1` route is documented, and
/// every documented path and method answers (neither 404 nor 405).
struct OpenAPIDocumentTests {
    static func documented() throws -> [(method: String, path: String)] {
        let document = try JSONValue.parse(OpenAPIDocument.json)
        guard case .object(let paths)? = document["paths"] else { return [] }
        return paths.flatMap { path, item -> [(method: String, path: String)] in
            guard case .object(let operations) = item else { return [] }
            return operations.map { (method: $0.0.uppercased(), path: path) }
        }
    }

    @Test func theBinaryServesTheRepositoryCopy() throws {
        let path = CommandRunner.repositoryRoot.appendingPathComponent("docs/openapi.json").path
        let file = try String(contentsOfFile: path, encoding: .utf8)
        #expect(file.trimmingCharacters(in: .newlines) == OpenAPIDocument.json.trimmingCharacters(in: .newlines),
                "run python3 scripts/gen-openapi.py")
        #expect(try JSONValue.parse(file)["openapi"]?.string == "3.1.0")
    }

    @Test(.timeLimit(.minutes(2)))
    func everyRouteIsDocumentedAndEveryDocumentedRouteAnswers() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let registered = Set(
            buildRouter(setup.web).routes.filter { "\($0.path)".hasPrefix("/api/v1") }.map { "\($0.method) \($0.path)" })
        let documented = Set(try Self.documented().map { "\($0.method) \(RouterPath($0.path))" })
        #expect(registered.subtracting(documented).sorted() == [], "routes not in docs/openapi.json")
        #expect(documented.subtracting(registered).sorted() == [], "documented routes not registered")
        #expect(registered.count == 24)

        let secret = try await APITokens(store: setup.store).create(user: "wang.fang", name: "doc", at: ShippedWebSetup.now).secret
        try await setup.application.test(.router) { client in
            let api = APIClient(client: client, token: secret)
            // A batch to undo.
            let logged = try await api.send(
                "/api/v1/reach", method: .post, body: #"{"event":"315-bd-wanda","date":"2027-03-13","metric":"attendees","count":5}"#)
            let batch = try #require(logged["batch"].flatMap { if case .int(let id) = $0 { id } else { nil } })
            for (method, path) in try Self.documented() {
                let uri = path.replacingOccurrences(of: "/campaigns/{id}", with: "/campaigns/2027-315-xianning")
                    .replacingOccurrences(of: "/events/{id}", with: "/events/315-desk-yongan")
                    .replacingOccurrences(of: "/bulletins/{month}", with: "/bulletins/2027-03")
                    .replacingOccurrences(of: "/batches/{id}", with: "/batches/\(batch)")
                let answer = try await api.send(uri, method: HTTPRequest.Method(method)!, body: method == "GET" ? nil : "{}")
                #expect(answer.status != .notFound && answer.status != .methodNotAllowed, "\(method) \(uri): \(answer.status)")
                #expect(answer.status.code < 500, "\(method) \(uri): \(answer.status)")
            }
        }
    }
}
