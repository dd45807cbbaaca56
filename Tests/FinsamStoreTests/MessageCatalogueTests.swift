import FinsamStore
import Testing

@Suite("Message catalogue")
struct MessageCatalogueTests {
    @Test("every entry has a Swedish and an English form, non-empty, with the same placeholders")
    func bothForms() {
        for id in MessageID.allCases {
            let (sv, en) = id.forms
            #expect(!sv.trimmingCharacters(in: .whitespaces).isEmpty, "\(id): no Swedish form")
            #expect(!en.trimmingCharacters(in: .whitespaces).isEmpty, "\(id): no English form")
            #expect(MessageID.placeholders(sv) == MessageID.placeholders(en), "\(id): placeholders differ: \(sv) / \(en)")
            let numbers = MessageID.placeholders(en)
            #expect(numbers.isEmpty || numbers.max()! <= numbers.count + 1, "\(id): placeholders skip numbers")
        }
    }

    @Test("a message renders its arguments in its language; a nested message in the same one")
    func rendering() {
        let m = Message(.unknownValueFor, "kvina", "kön")
        #expect(m.render(in: .sv) == "okänt värde 'kvina' för kön")
        #expect(m.render(in: .en) == "unknown value 'kvina' for kön")
        let nested = Message(.hintLabel, Message(.didYouMean, "kvinna"))
        #expect(nested.render(in: .sv) == "tips: menade du 'kvinna'?")
        #expect(nested.render(in: .en) == "hint: did you mean 'kvinna'?")
        #expect(Message.list(["a", "b", "c"]).render(in: .sv) == "a, b och c")
        #expect(Message.count(32715).render(in: .en) == "32,715")
    }

    @Test("every table and column of the data model is described in Swedish")
    func schemaTexts() {
        for table in TableName.allCases {
            let schema = Schema.table(table)
            #expect(SchemaTexts.swedish[table.rawValue] != nil, "\(table.rawValue)")
            for column in schema.columns {
                #expect(SchemaTexts.swedish["\(table.rawValue).\(column.name)"]?.isEmpty == false, "\(table.rawValue).\(column.name)")
            }
        }
    }

    @Test("the language from the environment: English when LC_ALL, LC_MESSAGES or LANG begins with en")
    func environment() {
        #expect(Language.fromEnvironment([:]) == .sv)
        #expect(Language.fromEnvironment(["LANG": "en_US.UTF-8"]) == .en)
        #expect(Language.fromEnvironment(["LANG": "sv_SE.UTF-8"]) == .sv)
        #expect(Language.fromEnvironment(["LANG": "C.UTF-8"]) == .sv)
        #expect(Language.fromEnvironment(["LC_ALL": "sv_SE.UTF-8", "LANG": "en_GB.UTF-8"]) == .sv)
        #expect(Language.fromEnvironment(["LC_MESSAGES": "en_GB.UTF-8", "LANG": "sv_SE.UTF-8"]) == .en)
    }
}
