/// The rectified linear unit and its derivative.
///
/// ```
/// relu(z)  = max(0, z)
/// relu′(z) = 1 if z > 0 else 0      (0 at z = 0, by convention)
/// ```
/// It does not saturate for positive z, so gradients pass through unchanged;
/// a unit whose z stays negative for every input passes no gradient at all
/// and stops learning (a "dead" ReLU). NaN propagates.
public enum ReLU {
  /// `max(0, z)`.
  @inlinable
  public static func value(_ z: Double) -> Double {
    z > 0 ? z : (z.isNaN ? z : 0)
  }

  /// 1 for z > 0, else 0 (including at z = 0).
  @inlinable
  public static func derivative(_ z: Double) -> Double {
    z > 0 ? 1 : 0
  }
}
