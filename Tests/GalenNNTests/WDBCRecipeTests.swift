import Foundation
import Testing
@testable import GalenNN
import GalenTensor

/// The seed recipe on real data (issue: "a first real result"): standardised
/// features, stratified 80/20 split with a fixed seed, the 30→128→64→32→1 MLP,
/// Adam 1e-3, batch 32, 100 epochs.
@Suite struct WDBCRecipeTests {
    static func load() throws -> (x: [[Float]], y: [Float]) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../data/wdbc/breast_cancer_wdbc.csv").standardized
        let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
        var x: [[Float]] = [], y: [Float] = []
        for line in lines {
            let f = line.split(separator: ",")
            x.append(f.dropLast().map { Float($0)! })
            y.append(f.last! == "malignant" ? 1 : 0)
        }
        return (x, y)
    }

    static func auc(_ s: [Float], _ y: [Float]) -> Double {
        let order = s.indices.sorted { s[$0] < s[$1] }
        var ranks = [Double](repeating: 0, count: s.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && s[order[j + 1]] == s[order[i]] { j += 1 }
            for k in i...j { ranks[order[k]] = Double(i + j) / 2 + 1 }
            i = j + 1
        }
        let pos = y.filter { $0 == 1 }.count, neg = y.count - pos
        let rsum = zip(ranks, y).filter { $0.1 == 1 }.reduce(0) { $0 + $1.0 }
        return (rsum - Double(pos * (pos + 1)) / 2) / Double(pos * neg)
    }

    @Test func seedRecipeReachesPublishedQuality() throws {
        let (rows, labels) = try Self.load()
        // Stratified 80/20 split with a fixed seed.
        var g = SeededGenerator(seed: 42)
        var train: [Int] = [], test: [Int] = []
        for cls: Float in [0, 1] {
            var idx = labels.indices.filter { labels[$0] == cls }
            for i in stride(from: idx.count - 1, to: 0, by: -1) { idx.swapAt(i, Int(g.next() % UInt64(i + 1))) }
            let nTest = Int((Double(idx.count) * 0.2).rounded())
            test += idx[..<nTest]; train += idx[nTest...]
        }
        let d = rows[0].count
        var mean = [Float](repeating: 0, count: d), sd = [Float](repeating: 0, count: d)
        for i in train { for j in 0..<d { mean[j] += rows[i][j] / Float(train.count) } }
        for i in train { for j in 0..<d { sd[j] += (rows[i][j] - mean[j]) * (rows[i][j] - mean[j]) / Float(train.count) } }
        sd = sd.map { max($0.squareRoot(), 1e-6) }
        func matrix(_ idx: [Int]) throws -> Tensor {
            try Tensor(shape: [idx.count, d], values: idx.flatMap { i in (0..<d).map { (rows[i][$0] - mean[$0]) / sd[$0] } })
        }
        let xTrain = try matrix(train), xTest = try matrix(test)
        let yTrain = try Tensor(shape: [train.count, 1], values: train.map { labels[$0] })

        let model = Sequential {
            Dense(30, 128, seed: 42); ReLU()
            Dense(128, 64, seed: 43); ReLU()
            Dense(64, 32, seed: 44); ReLU()
            Dense(32, 1, seed: 45)
        }
        let history = try model.fit(xTrain, yTrain, loss: BCEWithLogitsLoss(), optimizer: Adam(model.parameters, learningRate: 1e-3),
                                    epochs: 100, batchSize: 32, validationSplit: 0.1, seed: 42,
                                    metrics: [.accuracy], verbose: .silent)
        #expect(history.epochs.count == 100)
        let scores = try model.predict(xTest).scalars
        let yTest = test.map { labels[$0] }
        let accuracy = Double(zip(scores, yTest).filter { ($0.0 > 0) == ($0.1 == 1) }.count) / Double(test.count)
        let auc = Self.auc(scores, yTest)
        print("WDBC seed recipe: accuracy \(accuracy), ROC AUC \(auc)")
        #expect(accuracy >= 0.95)
        #expect(auc >= 0.99)
    }
}
