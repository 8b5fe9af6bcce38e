"""PyTorch's side of `make bench`: the same workloads as bench/galen-bench, one
JSON object per line. Development-time comparison only; Galen never imports it.

Usage: python torch_bench.py GROUP   (gemm | mlp | mlp-rss | csv PATH ROWS | bert | bert-rss | rnn | rnn-rss)
"""
import json
import resource
import sys
import time

import torch

torch.set_num_threads(2)


def emit(name, unit, value):
    print(json.dumps({"name": name, "unit": unit, "value": value}), flush=True)


def time_per_call(fn, min_seconds=1.0):
    fn()
    calls, start = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        if time.perf_counter() - start >= min_seconds:
            return (time.perf_counter() - start) / calls


def gemm():
    for n in (256, 512, 1024, 2048):
        a, b = torch.randn(n, n), torch.randn(n, n)
        t = time_per_call(lambda: torch.mm(a, b))
        emit(f"gemm n={n} (2 threads)", "GFLOP/s", 2 * n ** 3 / t / 1e9)


def mlp_setup():
    torch.manual_seed(0)
    n, d = 20_000, 30
    x = torch.randn(n, d)
    y = (x @ torch.randn(d, 1) > 0).float()
    model = torch.nn.Sequential(
        torch.nn.Linear(30, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 64), torch.nn.ReLU(),
        torch.nn.Linear(64, 32), torch.nn.ReLU(),
        torch.nn.Linear(32, 1))
    return model, x, y


def train_epochs(model, opt, x, y, batch, epochs):
    loss_fn = torch.nn.BCEWithLogitsLoss()
    n = x.shape[0]
    model.train()
    for _ in range(epochs):
        perm = torch.randperm(n)
        for lo in range(0, n, batch):
            idx = perm[lo:lo + batch]
            xb, yb = x[idx], y[idx]
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()


def train_samples_per_second(batch, epochs):
    model, x, y = mlp_setup()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    train_epochs(model, opt, x, y, batch, 1)
    start = time.perf_counter()
    train_epochs(model, opt, x, y, batch, epochs)
    return x.shape[0] * epochs / (time.perf_counter() - start)


def mlp():
    emit("mlp train batch=32", "samples/s", train_samples_per_second(32, 3))
    emit("mlp train batch=256", "samples/s", train_samples_per_second(256, 5))
    model, x, _ = mlp_setup()
    model.eval()

    def predict():
        with torch.no_grad():
            torch.cat([model(x[lo:lo + 1024]) for lo in range(0, x.shape[0], 1024)])

    t = time_per_call(predict)
    emit("mlp inference batch=1024", "samples/s", x.shape[0] / t)


def mlp_rss():
    train_samples_per_second(32, 3)
    emit("mlp training peak RSS", "MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def csv():
    """The reference CSV reader of the PyTorch ecosystem: pandas.read_csv (C engine), same generated file."""
    import pandas
    path, rows = sys.argv[2], int(sys.argv[3])
    best = min(_timed(lambda: pandas.read_csv(path)) for _ in range(3))
    emit(f"csv read {rows}x20 numeric (whole file, best of 3)", "rows/s", rows / best)
    start = time.perf_counter()
    for _ in pandas.read_csv(path, chunksize=65_536):
        pass
    emit(f"csv read {rows}x20 numeric (streamed batches)", "rows/s", rows / (time.perf_counter() - start))


def _timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


MINILM = "models/all-MiniLM-L6-v2"


def bert_batch():
    """The same 32 x 128 ids as galen-bench: [CLS], 126 ids from a fixed formula, [SEP]; mask all ones."""
    n, t = 32, 128
    ids = [[101 if j == 0 else 102 if j == t - 1 else 1000 + (i * 7919 + j * 104729) % 28000 for j in range(t)]
           for i in range(n)]
    return torch.tensor(ids), torch.ones(n, t, dtype=torch.long)


def mean_pool_normalize(states, mask):
    """sentence-transformers' pooling for all-MiniLM-L6-v2: mean over the mask, then L2 normalisation."""
    m = mask.unsqueeze(-1).to(states.dtype)
    pooled = (states * m).sum(1) / m.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, p=2, dim=1)


def hf_model():
    from transformers import BertModel
    model = BertModel.from_pretrained(MINILM, add_pooling_layer=False)
    return model.eval()


def fast_path_encoder(hf):
    """nn.TransformerEncoder with the same weights (eval + no_grad takes PyTorch's fused fast path)."""
    c = hf.config
    layer = torch.nn.TransformerEncoderLayer(c.hidden_size, c.num_attention_heads, c.intermediate_size, dropout=0.1,
                                             activation="gelu", layer_norm_eps=c.layer_norm_eps, batch_first=True)
    encoder = torch.nn.TransformerEncoder(layer, c.num_hidden_layers, enable_nested_tensor=False)
    with torch.no_grad():
        for mine, theirs in zip(encoder.layers, hf.encoder.layer):
            a = theirs.attention
            mine.self_attn.in_proj_weight.copy_(torch.cat([a.self.query.weight, a.self.key.weight, a.self.value.weight]))
            mine.self_attn.in_proj_bias.copy_(torch.cat([a.self.query.bias, a.self.key.bias, a.self.value.bias]))
            mine.self_attn.out_proj.weight.copy_(a.output.dense.weight)
            mine.self_attn.out_proj.bias.copy_(a.output.dense.bias)
            mine.norm1.load_state_dict(a.output.LayerNorm.state_dict())
            mine.linear1.load_state_dict(theirs.intermediate.dense.state_dict())
            mine.linear2.load_state_dict(theirs.output.dense.state_dict())
            mine.norm2.load_state_dict(theirs.output.LayerNorm.state_dict())
    return encoder.eval()


def bert():
    hf = hf_model()
    fast = fast_path_encoder(hf)
    ids, mask = bert_batch()
    padding = mask == 0

    def hf_run():
        with torch.no_grad():
            mean_pool_normalize(hf(input_ids=ids, attention_mask=mask).last_hidden_state, mask)

    def fast_run():
        with torch.no_grad():
            mean_pool_normalize(fast(hf.embeddings(input_ids=ids), src_key_padding_mask=padding), mask)

    with torch.no_grad():  # both paths compute the same embeddings
        a = mean_pool_normalize(hf(input_ids=ids, attention_mask=mask).last_hidden_state, mask)
        b = mean_pool_normalize(fast(hf.embeddings(input_ids=ids), src_key_padding_mask=padding), mask)
        assert torch.allclose(a, b, atol=1e-4), "fast path and BertModel disagree"
    emit("bert MiniLM-L6 inference 32x128 (vs HF BertModel)", "sentences/s", 32 / time_per_call(hf_run, 3.0))
    emit("bert MiniLM-L6 inference 32x128 (vs PyTorch fast path)", "sentences/s", 32 / time_per_call(fast_run, 3.0))


def bert_rss():
    hf = hf_model()
    fast = fast_path_encoder(hf)
    ids, mask = bert_batch()
    with torch.no_grad():
        for _ in range(3):
            mean_pool_normalize(fast(hf.embeddings(input_ids=ids), src_key_padding_mask=mask == 0), mask)
    emit("bert inference peak RSS", "MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


if __name__ == "__main__":
    groups = {"gemm": gemm, "mlp": mlp, "mlp-rss": mlp_rss, "csv": csv, "bert": bert, "bert-rss": bert_rss}
    if sys.argv[1] in ("rnn", "rnn-rss"):
        import torch_rnn_bench
        groups.update({"rnn": torch_rnn_bench.rnn, "rnn-rss": torch_rnn_bench.rnn_rss})
    groups[sys.argv[1]]()
