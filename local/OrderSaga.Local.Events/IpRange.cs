using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace OrderSaga.Local.Events;

/// <summary>A CIDR block (IPv4 or IPv6) compiled to its network bytes and mask length.</summary>
internal sealed partial class IpRange
{
    private readonly byte[] _network;
    private readonly int _bits;
    private readonly AddressFamily _family;

    private IpRange(byte[] network, int bits, AddressFamily family)
    {
        _network = network;
        _bits = bits;
        _family = family;
    }

    public static IpRange Parse(string cidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2)
        {
            throw new InvalidEventPatternException("Malformed CIDR, one '/' required");
        }

        if (!int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bits))
        {
            throw new InvalidEventPatternException("Malformed CIDR, mask bits must be an integer");
        }

        if (!TryParseStrict(parts[0], out var address))
        {
            throw new InvalidEventPatternException($"Nonstandard IP address: {parts[0]}");
        }

        var bytes = address.GetAddressBytes();
        if (bits < 0 || bits > bytes.Length * 8)
        {
            throw new InvalidEventPatternException("Malformed CIDR, mask bits must be between 0 and " + (bytes.Length * 8));
        }

        return new IpRange(Mask(bytes, bits), bits, address.AddressFamily);
    }

    public bool Contains(string text)
    {
        if (!TryParseStrict(text, out var address) || address.AddressFamily != _family)
        {
            return false;
        }

        return Mask(address.GetAddressBytes(), _bits).AsSpan().SequenceEqual(_network);
    }

    /// <summary>Accepts dotted-quad IPv4 and hex/colon IPv6 only (no zone ids, no host names), as AWS does.</summary>
    public static bool TryParseStrict(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Length == 0 || text.Length > 45)
        {
            return false;
        }

        if (Ipv4().IsMatch(text))
        {
            foreach (var part in text.Split('.'))
            {
                if (part.Length > 3 || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 255)
                {
                    return false;
                }
            }

            return IPAddress.TryParse(text, out address!);
        }

        return Ipv6().IsMatch(text) && IPAddress.TryParse(text, out address!) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }

    private static byte[] Mask(byte[] bytes, int bits)
    {
        var result = new byte[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(bits - (i * 8), 0, 8);
            result[i] = (byte)(bytes[i] & (0xFF << (8 - keep)));
        }

        return result;
    }

    [GeneratedRegex("^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$")]
    private static partial Regex Ipv4();

    [GeneratedRegex("^[0-9a-fA-F:]*:[0-9a-fA-F:]*$")]
    private static partial Regex Ipv6();
}
