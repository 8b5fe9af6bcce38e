"""PyTorch's side of the `rnn` bench group (see bench/galen-bench/RNNBench.swift): the seed LSTM
model of issue 5, 48 steps x 16 features -> LSTM 64 (sequences) -> LSTM 64 (last state) -> Linear 64
ReLU -> Linear 5, cross-entropy, Adam lr 1e-3, on the same kind of synthetic data.
Called through bench/torch_bench.py (groups rnn and rnn-rss)."""
import resource
import time

import torch

from torch_bench import emit, time_per_call


class SeedLSTM(torch.nn.Module):
    def __init__(self, features=16, hidden=64, classes=5):
        super().__init__()
        self.lstm1 = torch.nn.LSTM(features, hidden, batch_first=True)
        self.lstm2 = torch.nn.LSTM(hidden, hidden, batch_first=True)
        self.fc1 = torch.nn.Linear(hidden, 64)
        self.fc2 = torch.nn.Linear(64, classes)

    def forward(self, x):
        y, _ = self.lstm1(x)
        _, (h, _) = self.lstm2(y)
        return self.fc2(torch.relu(self.fc1(h[-1])))


def setup():
    torch.manual_seed(0)
    n, steps, features, classes = 1024, 48, 16, 5
    x = torch.randn(n, steps, features)
    y = (x.mean(dim=1) @ torch.randn(features, classes)).argmax(dim=1)
    return SeedLSTM(features, 64, classes), x, y


def train_epochs(model, opt, x, y, batch, epochs):
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x.shape[0]
    model.train()
    for _ in range(epochs):
        perm = torch.randperm(n)
        for lo in range(0, n, batch):
            idx = perm[lo:lo + batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()


def train_samples_per_second(batch, epochs):
    model, x, y = setup()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    train_epochs(model, opt, x[:128], y[:128], batch, 1)  # warm-up
    start = time.perf_counter()
    train_epochs(model, opt, x, y, batch, epochs)
    return x.shape[0] * epochs / (time.perf_counter() - start)


def rnn():
    emit("lstm train batch=32", "samples/s", train_samples_per_second(32, 1))
    model, x, _ = setup()
    model.eval()
    for batch in (256,):
        def predict():
            with torch.no_grad():
                torch.cat([model(x[lo:lo + batch]) for lo in range(0, x.shape[0], batch)])
        emit(f"lstm inference batch={batch}", "samples/s", x.shape[0] / time_per_call(predict))


def rnn_rss():
    train_samples_per_second(32, 1)
    emit("lstm training peak RSS", "MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
