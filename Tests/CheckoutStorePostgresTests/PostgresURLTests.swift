@testable import CheckoutStorePostgres
import Testing

@Suite struct PostgresURLTests {
    @Test func fullURL_IsParsedAndDecoded() throws {
        let configuration = try PostgresConfiguration(
            url: "postgres://shop%40admin:p%3Ass%2Fw@db.internal:6432/check%2Dout?sslmode=verify-full&connect_timeout=7&application_name=replica-2")
        #expect(configuration.host == "db.internal")
        #expect(configuration.port == 6432)
        #expect(configuration.user == "shop@admin")
        #expect(configuration.password == "p:ss/w")
        #expect(configuration.database == "check-out")
        #expect(configuration.sslMode == "verify-full")
        #expect(configuration.connectTimeoutSeconds == 7)
        #expect(configuration.applicationName == "replica-2")
    }

    @Test func minimalURL_TakesDefaults() throws {
        let configuration = try PostgresConfiguration(url: "postgresql://localhost/checkout")
        #expect(configuration.port == 5432)
        #expect(configuration.user == nil)
        #expect(configuration.password == nil)
        #expect(configuration.sslMode == nil)
        #expect(configuration.connectTimeoutSeconds == 5)
    }

    @Test func ipv6Host_InBrackets() throws {
        let configuration = try PostgresConfiguration(url: "postgres://u@[::1]:5433/db")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 5433)
        #expect(configuration.description == "postgres://u@[::1]:5433/db")
    }

    @Test func passwordWithAtSign_SplitsOnTheLastAt() throws {
        let configuration = try PostgresConfiguration(url: "postgres://u:a@b@host/db")
        #expect(configuration.password == "a@b")
        #expect(configuration.host == "host")
    }

    static let malformed: [(url: String, reason: String)] = [
        ("", "is empty"),
        ("mysql://u@h/db", "must start with postgres://"),
        ("postgres:/h/db", "must start with postgres://"),
        ("postgres://u@h", "names no database"),
        ("postgres://u@h/", "names no database"),
        ("postgres://u@h/a/b", "names no database"),
        ("postgres://u@/db", "names no host"),
        ("postgres://u@:5432/db", "names no host"),
        ("postgres://h:0/db", "port must be"),
        ("postgres://h:65536/db", "port must be"),
        ("postgres://h:54x/db", "port must be"),
        ("postgres://h:/db", "port must be"),
        ("postgres://h:-1/db", "port must be"),
        ("postgres://[::1/db", "unclosed [IPv6]"),
        ("postgres://[::1]x/db", "text after the [IPv6]"),
        ("postgres://h/db?sslmode=maybe", "sslmode must be one of"),
        ("postgres://h/db?connect_timeout=0", "connect_timeout"),
        ("postgres://h/db?connect_timeout=ten", "connect_timeout"),
        ("postgres://h/db?pool=3", "unknown parameter pool"),
        ("postgres://h/db?=x", "unknown parameter (empty)"),
        ("postgres://h/db#top", "#fragment"),
        ("postgres://h/d b", "space or control"),
        ("postgres://h/db\n", "space or control"),
        ("postgres://u%zz@h/db", "user has a malformed %-escape"),
        ("postgres://u:%@h/db", "password has a malformed %-escape"),
        ("postgres://h/db%00", "database name contains a NUL"),
        ("postgres://@h/db", "empty user name"),
    ]

    @Test(arguments: malformed)
    func malformedURL_IsOneLineNamingTheSetting(url: String, reason: String) {
        #expect {
            try PostgresConfiguration(url: url)
        } throws: { error in
            let text = String(describing: error)
            return text.hasPrefix("CHECKOUT_DATABASE_URL: ") && text.contains(reason) && !text.contains("\n")
        }
    }

    @Test func password_NeverAppearsInDescriptionOrErrors() throws {
        let configuration = try PostgresConfiguration(url: "postgres://u:hunter2@h/db?sslmode=require")
        #expect(configuration.description == "postgres://u:***@h:5432/db?sslmode=require")
        #expect {
            try PostgresConfiguration(url: "postgres://u:hunter2@h:99999/db")
        } throws: { !String(describing: $0).contains("hunter2") }
    }

    @Test func schemeSelectsTheBackend() {
        #expect(PostgresConfiguration.isPostgresURL("postgres://h/db"))
        #expect(PostgresConfiguration.isPostgresURL("postgresql://h/db"))
        #expect(!PostgresConfiguration.isPostgresURL("data/checkout.sqlite"))
    }

    @Test func connectionParameters_CarryTheSchemaAndSettings() throws {
        var configuration = try PostgresConfiguration(url: "postgres://u:pw@h:6000/db?sslmode=disable")
        configuration.schema = "t_1"
        let parameters = Dictionary(uniqueKeysWithValues: configuration.connectionParameters)
        #expect(parameters["host"] == "h")
        #expect(parameters["port"] == "6000")
        #expect(parameters["dbname"] == "db")
        #expect(parameters["user"] == "u")
        #expect(parameters["password"] == "pw")
        #expect(parameters["sslmode"] == "disable")
        #expect(parameters["options"]?.contains("-c search_path=t_1,public") == true)
        #expect(parameters["options"]?.contains("-c TimeZone=UTC") == true)
    }
}
