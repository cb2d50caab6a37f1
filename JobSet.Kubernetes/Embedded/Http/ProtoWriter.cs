using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>
/// Writes protocol buffer messages field by field (proto3: fields at their default value are left
/// out). Only what the OpenAPI v2 document needs: strings, bools, int64, doubles and nested messages.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new();

    /// <summary>The message written so far.</summary>
    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    /// <summary>A string field (length-delimited); empty strings are not written.</summary>
    public void String(int field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        Bytes(field, Encoding.UTF8.GetBytes(value));
    }

    /// <summary>A bool field; false is not written.</summary>
    public void Bool(int field, bool value)
    {
        if (value)
        {
            Tag(field, 0);
            Varint(1);
        }
    }

    /// <summary>An int64 field; zero is not written.</summary>
    public void Int64(int field, long value)
    {
        if (value != 0)
        {
            Tag(field, 0);
            Varint((ulong)value);
        }
    }

    /// <summary>A double field (64-bit, little-endian); zero is not written.</summary>
    public void Double(int field, double value)
    {
        if (value != 0)
        {
            Tag(field, 1);
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
            buffer.Write(bytes);
        }
    }

    /// <summary>A nested message field, written even when empty (its presence is meaningful, e.g. a oneof).</summary>
    public void Message(int field, Action<ProtoWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var inner = new ProtoWriter();
        write(inner);
        Bytes(field, inner.ToArray());
    }

    private void Bytes(int field, byte[] bytes)
    {
        Tag(field, 2);
        Varint((ulong)bytes.Length);
        buffer.Write(bytes);
    }

    private void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            Byte((byte)(value | 0x80));
            value >>= 7;
        }

        Byte((byte)value);
    }

    private void Byte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }
}
