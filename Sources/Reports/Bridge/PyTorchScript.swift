import TraceStore

/// A recorded run as a PyTorch program, written the way the seed writes its `Net`.
struct PyTorchScript {
  let snapshot: RunSnapshot
  /// Leave out the data rows and the initial weights (for a report); `nntrace export --as pytorch` has them.
  var brief = false

  var text: String {
    let s = snapshot
    let count = s.layers.count - 1
    var lines: [String] = []
    lines.append(
      "# nntrace run \(s.run.id): \(TextSafety.pythonComment(s.run.title)) — lesson \(TextSafety.pythonComment(s.lessonName))"
    )
    if brief {
      lines.append("# The same network in PyTorch: layer sizes, activations, loss and optimizer. The data rows,")
      lines.append(
        "# initial weights (W1, b1, …) and batches are left out here; `nntrace export --as pytorch` writes them.")
    } else {
      lines.append("# The same network in PyTorch: layer sizes, activations, loss, optimizer, the run's")
      lines.append("# exact initial weights and training rows. Run it with: python3 this_file.py")
    }
    lines.append("import json")
    lines.append("import os")
    lines.append("")
    lines.append("import torch")
    lines.append("import torch.nn as nn")
    lines.append("import torch.nn.functional as F")
    lines.append("")
    lines.append("# nntrace computes in double precision; PyTorch's default is single.")
    lines.append("torch.set_default_dtype(torch.float64)")
    lines.append("")
    lines.append("# The training rows as nntrace saw them (after any standardisation and hold-out).")
    if brief {
      lines.append("X = torch.tensor(...)  # the training rows: `nntrace export \(s.run.id) --as pytorch` writes them")
      lines.append("Y = torch.tensor(...)")
    } else {
      lines.append("X = torch.tensor(\(PythonLiteral.rows(s.inputs, indent: "")))")
      lines.append("Y = torch.tensor(\(PythonLiteral.rows(s.targets, indent: "")))")
    }
    lines.append("")
    lines.append("")
    lines.append("class Net(nn.Module):")
    lines.append("    def __init__(self):")
    lines.append("        super().__init__()")
    for l in 1...count {
      lines.append("        self.fc\(l) = nn.Linear(\(s.layers[l - 1]), \(s.layers[l]))")
    }
    lines.append("")
    lines.append("    def forward(self, x):")
    for l in 1...count {
      let call = Self.activation(s.activations[l - 1], of: "self.fc\(l)(x)")
      lines.append(l == count ? "        return \(call)" : "        x = \(call)")
    }
    lines.append("")
    lines.append("")
    lines.append("model = Net()")
    lines.append("with torch.no_grad():")
    lines.append("    # PyTorch stores a Linear layer's weight as out × in; nntrace's w[j][i] is in × out")
    lines.append("    # (from unit j below to unit i), so each matrix is transposed on the way in.")
    for (l, layer) in s.initial.enumerated() {
      let w = brief ? "W\(l + 1)" : PythonLiteral.rows(layer.w, indent: "    ")
      let b = brief ? "b\(l + 1)" : PythonLiteral.list(layer.b)
      lines.append("    model.fc\(l + 1).weight.copy_(torch.tensor(\(w)).T)")
      lines.append("    model.fc\(l + 1).bias.copy_(torch.tensor(\(b)))")
    }
    lines.append("")
    lines.append(contentsOf: lossLines)
    lines.append("")
    lines.append(optimizerLine)
    lines.append("")
    lines.append(
      contentsOf: brief
        ? ["EPOCHS = \(s.epochs)", "BATCHES = ...  # (epoch, rows) of every step"] : BatchPlan.lines(snapshot: s))
    lines.append("")
    lines.append("# NNTRACE_STEPS=n stops after n optimizer steps (to compare with the trace step by step).")
    lines.append("max_steps = int(os.environ.get(\"NNTRACE_STEPS\", \"0\")) or len(BATCHES)")
    lines.append("for step, (epoch, rows) in enumerate(BATCHES[:max_steps]):")
    lines.append("    optimizer.zero_grad()")
    lines.append("    loss = loss_fn(model(X[rows]), Y[rows])")
    lines.append("    loss.backward()")
    lines.append("    optimizer.step()")
    lines.append("    last_of_epoch = step + 1 == len(BATCHES) or BATCHES[step + 1][0] != epoch")
    lines.append("    if last_of_epoch and (epoch % \(Swift.max(1, s.epochs / 10)) == 0 or epoch == EPOCHS - 1):")
    lines.append("        print(f\"epoch {epoch}, loss: {loss.item():.6f}\")")
    lines.append("")
    lines.append("# The parameters after training, in nntrace's layout (w as in × out), as JSON.")
    lines.append("layers = [{\"w\": fc.weight.detach().T.tolist(), \"b\": fc.bias.detach().tolist()}")
    lines.append("          for fc in [\((1...count).map { "model.fc\($0)" }.joined(separator: ", "))]]")
    lines.append("if os.environ.get(\"NNTRACE_JSON\"):")
    lines.append("    print(json.dumps(layers))")
    return lines.joined(separator: "\n") + "\n"
  }

  static func activation(_ activation: (name: String, slope: Double?), of x: String) -> String {
    switch activation.name {
    case "sigmoid": "torch.sigmoid(\(x))"
    case "tanh": "torch.tanh(\(x))"
    case "relu": "torch.relu(\(x))"
    case "leaky_relu": "F.leaky_relu(\(x), negative_slope=\(PythonLiteral.number(activation.slope ?? 0.01)))"
    case "softmax": "torch.softmax(\(x), dim=1)"
    default: x
    }
  }

  var lossLines: [String] {
    switch snapshot.loss {
    case "sse":
      return [
        "# sse: ½ Σ (a − y)² per example, averaged over the batch.",
        "def loss_fn(a, y):",
        "    return 0.5 * ((a - y) ** 2).sum(dim=1).mean()",
      ]
    case "bce":
      return [
        "# bce: nntrace sums the binary cross-entropy over the outputs of an example and averages over",
        "# the batch; nn.BCELoss() would average over the outputs too. Both clamp ln at −100.",
        "bce = nn.BCELoss(reduction=\"none\")",
        "def loss_fn(a, y):",
        "    return bce(a, y).sum(dim=1).mean()",
      ]
    case "cross_entropy":
      return [
        "# cross_entropy: −Σ y ln a over the softmax outputs, averaged over the batch. PyTorch usually",
        "# drops the softmax and applies nn.CrossEntropyLoss to the logits: the same loss, computed",
        "# from z. Here the softmax stays in forward() so that the network matches nntrace's.",
        "def loss_fn(a, y):",
        "    return -(y * torch.clamp(torch.log(a), min=-100)).sum(dim=1).mean()",
      ]
    default:
      return [
        "# mse: the mean over outputs of (a − y)², averaged over the batch: exactly nn.MSELoss().",
        "loss_fn = nn.MSELoss()",
      ]
    }
  }

  var optimizerLine: String {
    let o = snapshot.optimizer
    let lr = PythonLiteral.number(o["lr"] as? Double ?? 0.01)
    func value(_ key: String, _ fallback: Double) -> String { PythonLiteral.number(o[key] as? Double ?? fallback) }
    switch o["name"] as? String {
    case "momentum":
      return "optimizer = torch.optim.SGD(model.parameters(), lr=\(lr), momentum=\(value("beta", 0.9)))"
    case "rmsprop":
      return
        "optimizer = torch.optim.RMSprop(model.parameters(), lr=\(lr), alpha=\(value("rho", 0.99)), eps=\(value("eps", 1e-8)))"
    case "adam":
      return
        "optimizer = torch.optim.Adam(model.parameters(), lr=\(lr), betas=(\(value("beta1", 0.9)), \(value("beta2", 0.999))), eps=\(value("eps", 1e-8)))"
    default:
      return "optimizer = torch.optim.SGD(model.parameters(), lr=\(lr))"
    }
  }
}

/// The rows of every optimizer step, as the run took them: consecutive batches, or the
/// recorded shuffled order (nntrace shuffles with its own generator, which Python does not have).
enum BatchPlan {
  static func lines(snapshot s: RunSnapshot) -> [String] {
    var lines = ["EPOCHS = \(s.epochs)", "BATCH_SIZE = \(s.batchSize)"]
    if s.shuffle && !s.batchOrder.isEmpty {
      let stepsPerEpoch = (s.inputs.count + s.batchSize - 1) / s.batchSize
      lines.append("# The run shuffled its rows each epoch with nntrace's own generator; these are the rows")
      lines.append("# of every step, as recorded in the trace: (epoch, rows).")
      lines.append("BATCHES = [")
      for (step, rows) in s.batchOrder.enumerated() {
        lines.append("    (\(step / stepsPerEpoch), \(PythonLiteral.integers(rows))),")
      }
      lines.append("]")
    } else {
      lines.append("# Consecutive rows in data order, the last batch possibly smaller: (epoch, rows).")
      lines.append("BATCHES = [(epoch, list(range(start, min(start + BATCH_SIZE, len(X)))))")
      lines.append("           for epoch in range(EPOCHS) for start in range(0, len(X), BATCH_SIZE)]")
    }
    return lines
  }
}
