import Foundation
import Testing
import FinsamStore

@Suite struct BuiltInProfileTests {
    @Test func everyBuiltInProfileParses() throws {
        for (name, text) in BuiltInProfiles.texts {
            let profile = try ImportProfile.parse(text, file: name)
            #expect(profile.name == name)
            #expect(BuiltInProfiles.named(name) != nil)
        }
    }
}
