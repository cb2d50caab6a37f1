using System.Text;
using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>
/// Decodes the Kubernetes protobuf envelope (<c>k8s\0</c> + runtime.Unknown) for the few built-in
/// kinds kubectl sends as protobuf and this cluster serves (<c>kubectl create namespace</c>,
/// <c>kubectl create configmap</c>, <c>kubectl create job</c>): Namespace, ConfigMap and batch/v1
/// Job, with the fields clients set (ObjectMeta identity, labels, annotations, owners,
/// finalizers; for Jobs the counts and modes, the pod template's restart policy, node selection
/// and containers' name, image, command, args, env). Field numbers follow k8s.io/api
/// generated.proto; other fields are skipped. Empty scalars are dropped, as JSON omitempty does.
/// Any other kind is a 415, and the client must send JSON. A body that is not a well-formed
/// envelope (no <c>k8s\0</c> prefix, truncated, a length past the end) is a 400 BadRequest, as the
/// API server's decoder answers, with the decoder's reason.
/// </summary>
internal static class ProtobufDecoder
{
    private static readonly Dictionary<string, Dictionary<int, Field>> Messages = new(StringComparer.Ordinal)
    {
        ["Namespace"] = new() { [1] = new("metadata", Kind.Message, "ObjectMeta"), [2] = new("spec", Kind.Message, "NamespaceSpec"), [3] = new("status", Kind.Message, "NamespaceStatus") },
        ["NamespaceSpec"] = new() { [1] = new("finalizers", Kind.String, Repeated: true) },
        ["NamespaceStatus"] = new() { [1] = new("phase", Kind.String) },
        ["Job"] = new() { [1] = new("metadata", Kind.Message, "ObjectMeta"), [2] = new("spec", Kind.Message, "JobSpec") },
        ["JobSpec"] = new()
        {
            [1] = new("parallelism", Kind.Int),
            [2] = new("completions", Kind.Int),
            [3] = new("activeDeadlineSeconds", Kind.Int),
            [6] = new("template", Kind.Message, "PodTemplateSpec"),
            [7] = new("backoffLimit", Kind.Int),
            [8] = new("ttlSecondsAfterFinished", Kind.Int),
            [9] = new("completionMode", Kind.String),
            [10] = new("suspend", Kind.Bool),
        },
        ["PodTemplateSpec"] = new() { [1] = new("metadata", Kind.Message, "ObjectMeta"), [2] = new("spec", Kind.Message, "PodSpec") },
        ["PodSpec"] = new()
        {
            [2] = new("containers", Kind.Message, "Container", Repeated: true),
            [3] = new("restartPolicy", Kind.String),
            [6] = new("dnsPolicy", Kind.String),
            [7] = new("nodeSelector", Kind.MapString),
            [8] = new("serviceAccountName", Kind.String),
            [10] = new("nodeName", Kind.String),
            [16] = new("hostname", Kind.String),
            [17] = new("subdomain", Kind.String),
            [19] = new("schedulerName", Kind.String),
            [20] = new("initContainers", Kind.Message, "Container", Repeated: true),
            [24] = new("priorityClassName", Kind.String),
        },
        ["Container"] = new()
        {
            [1] = new("name", Kind.String),
            [2] = new("image", Kind.String),
            [3] = new("command", Kind.String, Repeated: true),
            [4] = new("args", Kind.String, Repeated: true),
            [5] = new("workingDir", Kind.String),
            [7] = new("env", Kind.Message, "EnvVar", Repeated: true),
            [14] = new("imagePullPolicy", Kind.String),
        },
        ["EnvVar"] = new() { [1] = new("name", Kind.String), [2] = new("value", Kind.String) },
        ["ConfigMap"] = new() { [1] = new("metadata", Kind.Message, "ObjectMeta"), [2] = new("data", Kind.MapString), [3] = new("binaryData", Kind.MapBytes), [4] = new("immutable", Kind.Bool) },
        ["ObjectMeta"] = new()
        {
            [1] = new("name", Kind.String),
            [2] = new("generateName", Kind.String),
            [3] = new("namespace", Kind.String),
            [5] = new("uid", Kind.String),
            [6] = new("resourceVersion", Kind.String),
            [7] = new("generation", Kind.Int),
            [11] = new("labels", Kind.MapString),
            [12] = new("annotations", Kind.MapString),
            [13] = new("ownerReferences", Kind.Message, "OwnerReference", Repeated: true),
            [14] = new("finalizers", Kind.String, Repeated: true),
        },
        ["OwnerReference"] = new()
        {
            [1] = new("kind", Kind.String),
            [3] = new("name", Kind.String),
            [4] = new("uid", Kind.String),
            [5] = new("apiVersion", Kind.String),
            [6] = new("controller", Kind.Bool),
            [7] = new("blockOwnerDeletion", Kind.Bool),
        },
    };

    private enum Kind
    {
        String,
        Int,
        Bool,
        Message,
        MapString,
        MapBytes,
    }

    /// <summary>
    /// The object as JSON; a 415 <see cref="StoreException"/> for envelopes of kinds not decoded
    /// here, a 400 for a malformed body (<paramref name="expectedKind"/> names the URL's kind).
    /// </summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body, string expectedKind)
    {
        try
        {
            return Decode(body);
        }
        catch (InvalidDataException ex)
        {
            throw StoreException.BadRequest($"the object provided is unrecognized (must be of type {expectedKind}): {ex.Message}");
        }
    }

    // Throws InvalidDataException with the decoder's reason for a body that is not a well-formed envelope.
    private static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (body.Length == 0)
        {
            throw new InvalidDataException("empty data");
        }

        if (body.Length < 4 || !body[..4].SequenceEqual("k8s\0"u8))
        {
            throw new InvalidDataException("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        }

        var envelope = new Reader(body[4..].ToArray());
        string apiVersion = "", kindName = "";
        byte[]? raw = null;
        while (envelope.More)
        {
            var (field, wire) = envelope.Tag();
            if (field == 1 && wire == 2)
            {
                var typeMeta = new Reader(envelope.Bytes());
                while (typeMeta.More)
                {
                    var (f, w) = typeMeta.Tag();
                    if (w != 2)
                    {
                        typeMeta.Skip(w);
                        continue;
                    }

                    var s = Encoding.UTF8.GetString(typeMeta.Bytes());
                    if (f == 1)
                    {
                        apiVersion = s;
                    }
                    else if (f == 2)
                    {
                        kindName = s;
                    }
                }
            }
            else if (field == 2 && wire == 2)
            {
                raw = envelope.Bytes();
            }
            else
            {
                envelope.Skip(wire);
            }
        }

        if (raw is null && kindName.Length == 0)
        {
            throw new InvalidDataException("the envelope names no kind and carries no object");
        }

        if (!(apiVersion == "v1" && kindName is "Namespace" or "ConfigMap") && !(apiVersion == "batch/v1" && kindName == "Job") || raw is null)
        {
            throw Unsupported($"protobuf is not supported for {kindName} ({apiVersion}); send application/json");
        }

        var obj = ReadMessage(new Reader(raw), kindName);
        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kindName };
        foreach (var (k, v) in obj)
        {
            result[k] = v?.DeepClone();
        }

        return result;
    }

    private static StoreException Unsupported(string message) => new(415, "UnsupportedMediaType", message);

    private static JsonObject ReadMessage(Reader reader, string message)
    {
        var fields = Messages[message];
        var obj = new JsonObject();
        while (reader.More)
        {
            var (number, wire) = reader.Tag();
            if (!fields.TryGetValue(number, out var field) || wire != (field.Kind is Kind.Int or Kind.Bool ? 0 : 2))
            {
                reader.Skip(wire);
                continue;
            }

            JsonNode? value;
            switch (field.Kind)
            {
                case Kind.String:
                    var s = Encoding.UTF8.GetString(reader.Bytes());
                    value = s.Length == 0 && !field.Repeated ? null : JsonValue.Create(s);
                    break;
                case Kind.Int:
                    var n = (long)reader.Varint();
                    value = n == 0 ? null : JsonValue.Create(n);
                    break;
                case Kind.Bool:
                    value = reader.Varint() != 0 ? JsonValue.Create(true) : null;
                    break;
                case Kind.Message:
                    var child = ReadMessage(new Reader(reader.Bytes()), field.Message!);
                    value = child.Count == 0 && !field.Repeated ? null : child;
                    break;
                default:
                    var (key, entry) = ReadMapEntry(new Reader(reader.Bytes()), field.Kind == Kind.MapBytes);
                    var map = obj[field.Name] as JsonObject ?? [];
                    map[key] = entry;
                    obj[field.Name] = map;
                    continue;
            }

            if (value is null)
            {
                continue;
            }

            if (field.Repeated)
            {
                var list = obj[field.Name] as JsonArray ?? [];
                list.Add(value);
                obj[field.Name] = list;
            }
            else
            {
                obj[field.Name] = value;
            }
        }

        return obj;
    }

    private static (string Key, string Value) ReadMapEntry(Reader reader, bool bytes)
    {
        string key = "", value = "";
        while (reader.More)
        {
            var (f, w) = reader.Tag();
            if (w != 2)
            {
                reader.Skip(w);
                continue;
            }

            var b = reader.Bytes();
            if (f == 1)
            {
                key = Encoding.UTF8.GetString(b);
            }
            else if (f == 2)
            {
                value = bytes ? Convert.ToBase64String(b) : Encoding.UTF8.GetString(b);
            }
        }

        return (key, value);
    }

    private sealed record Field(string Name, Kind Kind, string? Message = null, bool Repeated = false);

    private sealed class Reader(byte[] data)
    {
        private int position;

        public bool More => position < data.Length;

        public (int Field, int Wire) Tag()
        {
            var tag = Varint();
            return ((int)(tag >> 3), (int)(tag & 7));
        }

        public ulong Varint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (position >= data.Length)
                {
                    throw new InvalidDataException("unexpected EOF");
                }

                var b = data[position++];
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }
            }

            throw new InvalidDataException("proto: integer overflow");
        }

        public byte[] Bytes()
        {
            var declared = Varint();

            // Compared as unsigned 64-bit: a length near 2^31 or above must not wrap to a negative int.
            if (declared > (ulong)(data.Length - position))
            {
                throw new InvalidDataException("unexpected EOF");
            }

            var length = (int)declared;
            var slice = data[position..(position + length)];
            position += length;
            return slice;
        }

        private void Advance(int count)
        {
            if (count > data.Length - position)
            {
                throw new InvalidDataException("unexpected EOF");
            }

            position += count;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: Advance(8); break;
                case 2: Bytes(); break;
                case 5: Advance(4); break;
                default: throw new InvalidDataException($"proto: illegal wireType {wire}");
            }
        }
    }
}
