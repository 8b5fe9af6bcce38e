"""PyTorch's side of `make bench`: the same workloads as bench/galen-bench, one
JSON object per line. Development-time comparison only; Galen never imports it.

Usage: python torch_bench.py GROUP   (gemm | mlp | mlp-rss | csv PATH ROWS | bert | bert-rss | rnn | rnn-rss |
                                     cnn-28 | cnn-150 | resnet-28)
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




# ---- cnn group: the seed CNNs and ResNet-18 (28), as GalenModels builds them ----
import os
from torch import nn

CNN_SECONDS = float(os.environ.get("GALEN_BENCH_SECONDS", "3"))


def seed_cnn_small(channels=1, outputs=1):
    """SeedCNN.small: Conv 32 -> pool -> Conv 64 -> pool -> Conv 64 -> Dense 64 -> outputs."""
    return nn.Sequential(
        nn.Conv2d(channels, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3), nn.ReLU(),
        nn.Flatten(), nn.Linear(64 * 3 * 3, 64), nn.ReLU(), nn.Linear(64, outputs))


def seed_cnn_large(channels=3, outputs=1):
    """SeedCNN.large: Conv 32/64/128/128 with 2x2 pools -> Dense 512 -> outputs."""
    return nn.Sequential(
        nn.Conv2d(channels, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(128, 128, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(128 * 7 * 7, 512), nn.ReLU(), nn.Linear(512, outputs))


class BasicBlock(nn.Module):
    """torchvision's BasicBlock."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.bn2(self.conv2(torch.relu(self.bn1(self.conv1(x)))))
        return torch.relu(y + (x if self.downsample is None else self.downsample(x)))


def resnet18_28(channels=1, classes=1):
    """ResNet-18 (28) of MedMNIST v2: 3x3 stride-1 stem, no max-pool (GalenModels' ResNet small: true)."""
    layers, cin = [nn.Conv2d(channels, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU()], 64
    for stage, width in enumerate((64, 128, 256, 512)):
        for b in range(2):
            layers.append(BasicBlock(cin, width, 2 if stage > 0 and b == 0 else 1))
            cin = width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, classes)]
    return nn.Sequential(*layers)


CNN_WORKLOADS = {
    "cnn-28": ("cnn-28", (1, 28, 28), (32, 128), seed_cnn_small),
    "cnn-150": ("cnn-150", (3, 150, 150), (32,), seed_cnn_large),
    "resnet-28": ("resnet18-28", (1, 28, 28), (128,), resnet18_28),
}


def cnn_data(shape, batch):
    torch.manual_seed(11)
    x = torch.rand((4 * batch,) + shape)
    y = (torch.rand(4 * batch, 1) < 0.5).float()
    return x, y


def cnn_train(build, shape, batch):
    """Adam (lr 1e-3) steps on BCE with logits cycling over 4 fixed batches; 2 warm-up steps, then >= CNN_SECONDS."""
    torch.manual_seed(0)
    model = build()
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    x, y = cnn_data(shape, batch)
    step = [0]

    def train_step():
        lo = (step[0] % 4) * batch
        step[0] += 1
        opt.zero_grad()
        loss = loss_fn(model(x[lo:lo + batch]), y[lo:lo + batch])
        loss.item()
        loss.backward()
        opt.step()

    train_step(); train_step()
    steps, start = 0, time.perf_counter()
    while True:
        train_step()
        steps += 1
        if time.perf_counter() - start >= CNN_SECONDS:
            return steps * batch / (time.perf_counter() - start)


def cnn_infer(build, shape, batch):
    """Evaluation mode without gradients over 4 batches of `batch` rows."""
    torch.manual_seed(0)
    model = build()
    model.eval()
    x, _ = cnn_data(shape, batch)

    def predict():
        with torch.no_grad():
            torch.cat([model(x[lo:lo + batch]) for lo in range(0, x.shape[0], batch)])

    return x.shape[0] / time_per_call(predict, CNN_SECONDS)


def cnn(part):
    name, shape, batches, build = CNN_WORKLOADS[part]
    for b in batches:
        emit(f"{name} train batch={b}", "samples/s", cnn_train(build, shape, b))
    for b in batches:
        emit(f"{name} inference batch={b}", "samples/s", cnn_infer(build, shape, b))
    emit(f"{name} peak RSS (train + inference)", "MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


if __name__ == "__main__":
    groups = {"gemm": gemm, "mlp": mlp, "mlp-rss": mlp_rss, "csv": csv, "bert": bert, "bert-rss": bert_rss}
    if sys.argv[1] in CNN_WORKLOADS:
        cnn(sys.argv[1])
    else:
        if sys.argv[1] in ("rnn", "rnn-rss"):
            import torch_rnn_bench
            groups.update({"rnn": torch_rnn_bench.rnn, "rnn-rss": torch_rnn_bench.rnn_rss})
        groups[sys.argv[1]]()
