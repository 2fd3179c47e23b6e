import Fluent

/// Every migration, in the order it runs. Append only.
enum Migrations {
    static let all: [any Migration] = [
        M001_CreateMembers(),
        M002_CreateNetworkReference(),
        M003_CreateAccounts(),
        M004_CreateAuditLog(),
        M005_IndexMemberLocation(),
        M006_IndexMemberOrder(),
        M007_CreateMembership(),
        M008_CreateIndexEditions(),
        M009_CreateMatching(),
        M010_UserPreferredLanguage(),
        M011_MemberNameKey(),
        M012_ApplicationDuplicateKey(),
        M013_MemberAbbreviation(),
        M014_MemberMetroPopulation(),
        M015_AuditAppendOnly(),
        M016_UserMustChangePassword(),
        M017_AccountRecovery(),
    ]
}
