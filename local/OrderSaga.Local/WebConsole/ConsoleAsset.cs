namespace OrderSaga.Local.WebConsole;

/// <summary>One file of the console page, held in memory with the validator browsers revalidate against.</summary>
internal sealed record ConsoleAsset(string Path, byte[] Content, string ContentType, string ETag);
