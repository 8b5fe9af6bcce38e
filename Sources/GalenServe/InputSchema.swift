import Foundation
import GalenData
import GalenTabular

/// What a prediction request may and must contain, derived from a bundle's preprocessing: the input columns
/// with their types, the ID column carried through to outputs, and training columns that are accepted but
/// ignored (the target and columns the pipeline left out), so that a client may send a whole training row.
public struct InputSchema: Sendable {
    /// The model's input columns, in training order.
    public let columns: [InputColumn]
    /// The row ID column, if the model has one; accepted and echoed as `id`.
    public let idColumn: String?
    /// Training columns accepted in a record and ignored.
    public let ignoredColumns: Set<String>
    let index: [String: Int]
    let categories: [Set<String>?]

    /// The schema of a tabular model.
    public init(content: TabularModelContent) {
        columns = content.preprocessor.inputColumns
        idColumn = content.idColumn
        var ignored = Set(content.preprocessor.excludedColumns.map(\.name))
        ignored.insert(content.target.column)
        if let id = content.idColumn { ignored.remove(id) }
        ignoredColumns = ignored.subtracting(columns.map(\.name))
        index = Dictionary(columns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        categories = columns.map { $0.categories.map(Set.init) }
    }

    /// The position of an input column.
    public func position(of name: String) -> Int? { index[name] }
}
