/// A recorded run as a PyTorch program, written the way the seed writes its `Net`.
struct PyTorchScript {
  let snapshot: RunSnapshot
  /// Leave out the data rows and the initial weights (for a report); `nntrace export --as pytorch` has them.
  var brief = false

  var text: String {
    let s = snapshot
    let count = s.layers.count - 1
    var lines: [String] = []
    lines.append(s.header)
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
    lines.append("import sys")
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
    lines.append(
      "        # Each layer's z and a are kept for the loss (computed from the output's z) and the self-check.")
    lines.append("        self.z, self.a = [None], [x]")
    for l in 1...count {
      lines.append("        self.z.append(self.fc\(l)(x))")
      lines.append("        x = \(Self.activation(s.activations[l - 1], of: "self.z[-1]"))")
      lines.append("        self.a.append(x)")
    }
    lines.append("        return x")
    lines.append("")
    lines.append("")
    lines.append("model = Net()")
    lines.append("with torch.no_grad():")
    lines.append("    # PyTorch stores a Linear layer's weight as out × in; nntrace's w[j][i] is in × out")
    lines.append("    # (from unit j below to unit i), so each matrix is transposed on the way in.")
    for l in 0..<count {
      let w = brief ? "W\(l + 1)" : PythonLiteral.rows(s.initial[l].w, indent: "    ")
      let b = brief ? "b\(l + 1)" : PythonLiteral.list(s.initial[l].b)
      lines.append("    model.fc\(l + 1).weight.copy_(torch.tensor(\(w)).T)")
      lines.append("    model.fc\(l + 1).bias.copy_(torch.tensor(\(b)))")
    }
    lines.append("")
    lines.append(contentsOf: lossLines)
    lines.append("")
    lines.append(optimizerLine)
    lines.append("")
    if brief {
      lines.append(contentsOf: [
        "EPOCHS = \(s.epochs)", "BATCHES = ...  # (epoch, rows) of every step",
        "# NNTRACE_STEPS=n stops after n optimizer steps (to compare with the trace step by step).",
        "max_steps = int(os.environ.get(\"NNTRACE_STEPS\", \"0\")) or len(BATCHES)",
      ])
    } else {
      lines.append(
        contentsOf: SelfCheck.lines(s.expected, tolerance: 1e-9, quantities: ["loss", "a", "delta", "w", "b"]))
      lines.append("")
      lines.append("")
      lines.append(contentsOf: BatchPlan.lines(snapshot: s))
    }
    let layersList = (1...count).map { "model.fc\($0)" }.joined(separator: ", ")
    lines.append("for step, (epoch, rows) in enumerate(BATCHES[:max_steps]):")
    lines.append("    optimizer.zero_grad()")
    lines.append("    model(X[rows])")
    if !brief {
      lines.append("    for z in model.z[1:]:")
      lines.append("        z.retain_grad()  # keeps ∂L/∂z for the self-check")
    }
    lines.append("    loss = loss_fn(model.z[-1], model.a[-1], Y[rows])")
    lines.append("    loss.backward()")
    if !brief {
      lines.append("    found = {(\"loss\", None, None, None, None): loss.item()}")
      lines.append("    if step == 0:")
      lines.append("        for l in range(1, \(count + 1)):")
      lines.append("            found.update(table(\"a\", l, model.a[l].tolist(), rows))")
      lines.append("            # z.grad is ∂(batch mean)/∂z = δ / m: nntrace's δ is each sample's own ∂L/∂z.")
      lines.append("            found.update(table(\"delta\", l, (model.z[l].grad * len(rows)).tolist(), rows))")
    }
    lines.append("    optimizer.step()")
    if !brief {
      lines.append("    if step < CHECK_STEPS:")
      lines.append("        for l, fc in enumerate([\(layersList)], start=1):")
      lines.append("            found.update(table(\"w\", l, fc.weight.detach().T.tolist()))")
      lines.append("            found.update(table(\"b\", l, fc.bias.detach().tolist()))")
      lines.append("        check(step, found)")
    }
    lines.append("    if \(BatchPlan.printsLoss(snapshot: s)):")
    lines.append("        print(f\"epoch {epoch}, loss: {loss.item():.6f}\")")
    if !brief { lines.append(contentsOf: SelfCheck.summary) }
    lines.append("")
    lines.append("# The parameters after training, in nntrace's layout (w as in × out), as JSON.")
    lines.append("layers = [{\"w\": fc.weight.detach().T.tolist(), \"b\": fc.bias.detach().tolist()}")
    lines.append("          for fc in [\(layersList)]]")
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
    let output = snapshot.activations.last?.name ?? ""
    switch (snapshot.loss, output) {
    case ("sse", _):
      return [
        "# sse: ½ Σ (a − y)² per example, averaged over the batch.",
        "def loss_fn(z, a, y):",
        "    return 0.5 * ((a - y) ** 2).sum(dim=1).mean()",
      ]
    case ("bce", "sigmoid"):
      return [
        "# bce: nntrace sums the binary cross-entropy over the outputs of an example and averages over the",
        "# batch, computed from the output's z (binary_cross_entropy_with_logits), exact however saturated;",
        "# nn.BCELoss() on a = σ(z) would clamp ln at −100 (and average over the outputs too).",
        "def loss_fn(z, a, y):",
        "    return F.binary_cross_entropy_with_logits(z, y, reduction=\"none\").sum(dim=1).mean()",
      ]
    case ("cross_entropy", "softmax"):
      return [
        "# cross_entropy: −Σ y ln softmax(z), averaged over the batch, from the logits z with log_softmax",
        "# (what nn.CrossEntropyLoss does), exact however large they are. The softmax stays in forward() so",
        "# that the network's outputs a match nntrace's.",
        "def loss_fn(z, a, y):",
        "    return -(y * F.log_softmax(z, dim=1)).sum(dim=1).mean()",
      ]
    case ("bce", _):
      return [
        "# bce after a \(output) output: nntrace's loss of a, with ln clamped at −100 (as nn.BCELoss).",
        "def loss_fn(z, a, y):",
        "    return nn.BCELoss(reduction=\"none\")(a, y).sum(dim=1).mean()",
      ]
    case ("cross_entropy", _):
      return [
        "# cross_entropy after a \(output) output: −Σ y ln a with ln clamped at −100, as nntrace computes it.",
        "def loss_fn(z, a, y):",
        "    return -(y * torch.clamp(torch.log(a), min=-100)).sum(dim=1).mean()",
      ]
    default:
      return [
        "# mse: the mean over outputs of (a − y)², averaged over the batch: exactly nn.MSELoss().",
        "def loss_fn(z, a, y):",
        "    return F.mse_loss(a, y)",
      ]
    }
  }

  var optimizerLine: String {
    let o = snapshot.optimizer
    let n = PythonLiteral.number
    switch o.name {
    case "momentum":
      return "optimizer = torch.optim.SGD(model.parameters(), lr=\(n(o.lr)), momentum=\(n(o.beta)))"
    case "rmsprop":
      return "optimizer = torch.optim.RMSprop(model.parameters(), lr=\(n(o.lr)), alpha=\(n(o.rho)), eps=\(n(o.eps)))"
    case "adam":
      return
        "optimizer = torch.optim.Adam(model.parameters(), lr=\(n(o.lr)), betas=(\(n(o.beta1)), \(n(o.beta2))), eps=\(n(o.eps)))"
    default:
      return "optimizer = torch.optim.SGD(model.parameters(), lr=\(n(o.lr)))"
    }
  }
}
