using System.Globalization;
using System.Net;

namespace JobSet.Host.Running;

/// <summary>A <c>HOST:PORT</c> the controller serves metrics or health on; <c>0</c> turns it off.</summary>
internal static class BindAddress
{
    /// <summary>The endpoint, or null for <c>0</c>; a usage error names the flag otherwise.</summary>
    public static IPEndPoint? Parse(string flag, string value)
    {
        if (value == "0")
        {
            return null;
        }

        var colon = value.LastIndexOf(':');
        var host = colon > 0 ? value[..colon].Trim('[', ']') : "";
        var portText = colon >= 0 ? value[(colon + 1)..] : "";
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new Cli.UsageException($"jobset run: invalid {flag} '{value}': expected HOST:PORT (e.g. 127.0.0.1:8080) or 0 to turn it off");
        }

        // ":8080" (as upstream's manifests write it) means every interface.
        if (host.Length == 0)
        {
            return new IPEndPoint(IPAddress.Any, port);
        }

        if (host == "localhost")
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            throw new Cli.UsageException($"jobset run: invalid {flag} '{value}': the host must be an IP address or localhost");
        }

        return new IPEndPoint(address, port);
    }
}
