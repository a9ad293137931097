using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("OrderSaga.Local.Tests")]
[assembly: InternalsVisibleTo("OrderSaga.EndToEnd.Tests")]
