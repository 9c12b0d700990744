/// The leaky rectified linear unit and its derivative.
///
/// ```
/// leaky_relu(z)  = z if z > 0 else slope · z
/// leaky_relu′(z) = 1 if z > 0 else slope
/// ```
/// The small slope for negative z (0.01 unless the lesson says otherwise; the
/// seed uses 0.1) keeps a gradient flowing, so a unit cannot die as a ReLU can.
public enum LeakyReLU {
  /// `z if z > 0 else slope · z`.
  @inlinable
  public static func value(_ z: Double, slope: Double) -> Double {
    z > 0 ? z : slope * z
  }

  /// 1 for z > 0, else `slope`.
  @inlinable
  public static func derivative(_ z: Double, slope: Double) -> Double {
    z > 0 ? 1 : slope
  }
}
