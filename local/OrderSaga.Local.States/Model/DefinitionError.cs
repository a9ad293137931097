namespace OrderSaga.Local.States.Model;

/// <summary>One problem in a definition, with where it is (<c>States.ReserveInventory.Catch[0].Next</c>).</summary>
public sealed record DefinitionError(string Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}
