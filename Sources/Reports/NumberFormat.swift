import Foundation

/// The fixed number formatting of every report, so transcripts compare byte for byte.
public enum NumberFormat {
  /// Six decimals for ordinary magnitudes, scientific notation for tiny or huge
  /// ones, so a gradient of 3e-9 is never printed as 0.000000. Negative numbers
  /// use the minus sign (−); NaN and infinity are spelled out.
  public static func value(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "∞" : "−∞" }
    if x == 0 { return "0" }
    let magnitude = abs(x)
    let text =
      magnitude >= 1e-4 && magnitude < 1e7
      ? String(format: "%.6f", magnitude) : String(format: "%.6e", magnitude)
    return x < 0 ? "−" + text : text
  }
}
