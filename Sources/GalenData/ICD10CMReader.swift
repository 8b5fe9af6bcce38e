import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the ICD-10-CM tabular list XML (`ICD10CM.tabular/chapter/section/diag[/diag…]`, as published by CDC/NCHS)
/// into ``ICD10CMEntry`` values, one per `<diag>`.
///
/// The reader is event-driven (Foundation's `XMLParser` over a memory-mapped file): entries are handed to the
/// caller as their `</diag>` closes, so nothing but the open path of chapter, section and enclosing codes is held.
/// Notes of the introduction, chapter and section levels are not entries. Malformed XML, a root other than
/// `ICD10CM.tabular`, or a `diag` without `name` or `desc` is an error naming the line.
public enum ICD10CMReader {
    /// Reads every entry of the file at `url`, in document order (a category before its sub-codes).
    /// - Throws: ``DocumentReadError`` (`cannotRead`, `malformedXML`, `notICD10CM`, `missingElement`, `noDocuments`).
    public static func read(contentsOf url: URL) throws -> [ICD10CMEntry] {
        var entries: [ICD10CMEntry] = []
        try read(contentsOf: url) { entries.append($0) }
        entries.sort { $0.line < $1.line }
        return entries
    }

    /// Streams the entries of the file at `url` to `body`, each when its `</diag>` closes (so sub-codes come before
    /// the code that contains them).
    /// - Throws: ``DocumentReadError``, or whatever `body` throws (which stops the reading).
    public static func read(contentsOf url: URL, _ body: @escaping (ICD10CMEntry) throws -> Void) throws {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw DocumentReadError.cannotRead(path: url.path, reason: error.localizedDescription)
        }
        try read(data: data, source: url.path, body)
    }

    /// Streams the entries of XML `data` to `body`; `source` names the data in errors.
    /// - Throws: ``DocumentReadError``, or whatever `body` throws.
    public static func read(data: Data, source: String, _ body: @escaping (ICD10CMEntry) throws -> Void) throws {
        let parser = XMLParser(data: data)
        let handler = TabularListHandler(source: source, body: body)
        parser.delegate = handler
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let failure = handler.failure { throw failure }
        if !ok {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "the parser stopped"
            let position = handler.errorPosition ?? (parser.lineNumber, parser.columnNumber)
            throw DocumentReadError.malformedXML(path: source, line: position.line, column: position.column,
                                                 reason: reason)
        }
        if handler.root == nil { throw DocumentReadError.noDocuments(path: source) }
        if handler.count == 0 { throw DocumentReadError.noDocuments(path: source) }
    }
}

/// The `XMLParser` delegate behind ``ICD10CMReader``: keeps the element path, the open chapter and section, and a
/// stack of open `diag` entries.
private final class TabularListHandler: NSObject, XMLParserDelegate {
    let source: String
    let body: (ICD10CMEntry) throws -> Void
    var failure: Error?
    var root: String?
    var count = 0

    /// Element names from the root to the current element.
    var path: [String] = []
    var text = ""
    var chapter = ""
    var chapterTitle = ""
    var section = ""
    var sectionTitle = ""
    /// Open `diag` entries, outermost first, with whether each has sub-codes.
    var open: [(entry: ICD10CMEntry, hasChildren: Bool)] = []
    var extensionChar = ""

    init(source: String, body: @escaping (ICD10CMEntry) throws -> Void) {
        self.source = source
        self.body = body
    }

    func fail(_ error: Error, _ parser: XMLParser) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil {
            root = name
            if name != "ICD10CM.tabular" {
                fail(DocumentReadError.notICD10CM(path: source, root: name), parser)
                return
            }
        }
        path.append(name)
        text = ""
        switch name {
        case "chapter":
            chapter = ""; chapterTitle = ""
        case "section":
            section = attributes["id"] ?? ""; sectionTitle = ""
        case "diag":
            if !open.isEmpty { open[open.count - 1].hasChildren = true }
            let parent = open.last?.entry
            let entry = ICD10CMEntry(code: "", description: "", chapter: chapter, chapterTitle: chapterTitle,
                                     section: section, sectionTitle: sectionTitle, parent: parent?.code,
                                     depth: open.count + 1, isLeaf: true, line: parser.lineNumber)
            open.append((entry, false))
        case "extension":
            extensionChar = attributes["char"] ?? ""
        default:
            break
        }
    }

    /// Where the parser first reported an error (its position later may be the end of the input).
    var errorPosition: (line: Int, column: Int)?

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if errorPosition == nil { errorPosition = (parser.lineNumber, parser.columnNumber) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        text = ""
        path.removeLast()
        let parent = path.last ?? ""
        switch name {
        case "name":
            if parent == "diag", !open.isEmpty { open[open.count - 1].entry.code = value }
            if parent == "chapter" { chapter = value }
        case "desc":
            if parent == "diag", !open.isEmpty { open[open.count - 1].entry.description = value }
            if parent == "chapter" { chapterTitle = value }
            if parent == "section" { sectionTitle = value }
        case "note":
            // Notes count only when their list element sits directly in a diag.
            guard path.count >= 2, path[path.count - 2] == "diag", !open.isEmpty, !value.isEmpty else { break }
            switch parent {
            case "inclusionTerm": open[open.count - 1].entry.inclusionTerms.append(value)
            case "includes": open[open.count - 1].entry.includes.append(value)
            case "excludes1": open[open.count - 1].entry.excludes1.append(value)
            case "excludes2": open[open.count - 1].entry.excludes2.append(value)
            case "codeFirst": open[open.count - 1].entry.codeFirst.append(value)
            case "useAdditionalCode": open[open.count - 1].entry.useAdditionalCode.append(value)
            case "codeAlso": open[open.count - 1].entry.codeAlso.append(value)
            default: break
            }
        case "extension":
            if parent == "sevenChrDef", path.count >= 2, path[path.count - 2] == "diag", !open.isEmpty {
                open[open.count - 1].entry.seventhCharacters[extensionChar] = value
            }
        case "diag":
            guard var (entry, hasChildren) = open.popLast() else { break }
            if entry.code.isEmpty {
                fail(DocumentReadError.missingElement(path: source, line: entry.line, element: "name", parent: "diag"), parser)
                return
            }
            if entry.description.isEmpty {
                fail(DocumentReadError.missingElement(path: source, line: entry.line, element: "desc", parent: "diag"), parser)
                return
            }
            entry.isLeaf = !hasChildren
            count += 1
            do { try body(entry) } catch { fail(error, parser) }
        default:
            break
        }
    }
}
