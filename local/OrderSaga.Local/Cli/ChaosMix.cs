namespace OrderSaga.Local.Cli;

/// <summary>The share of each sort of order in a chaos run; the rest are ordinary orders with good cards.</summary>
internal sealed record ChaosMix(double Malformed = 0.04, double OverStock = 0.05, double Declined = 0.08, double Duplicate = 0.10);
