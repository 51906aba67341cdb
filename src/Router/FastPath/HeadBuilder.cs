namespace PreviewAspire.Router.FastPath;

/// <summary>Appends the bytes of an HTTP head to a buffer, growing it when needed.</summary>
internal ref struct HeadBuilder(byte[] buffer)
{
    /// <summary>The buffer written to (a larger one once grown).</summary>
    public byte[] Buffer { get; private set; } = buffer;

    /// <summary>The bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>Appends <paramref name="bytes"/>.</summary>
    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        if (Buffer.Length - Length < bytes.Length)
        {
            var larger = new byte[Math.Max(Buffer.Length * 2, Length + bytes.Length)];
            Buffer.AsSpan(0, Length).CopyTo(larger);
            Buffer = larger;
        }

        bytes.CopyTo(Buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Appends one header line.</summary>
    public void Header(scoped ReadOnlySpan<byte> name, scoped ReadOnlySpan<byte> value)
    {
        Append(name);
        Append(": "u8);
        Append(value);
        Append("\r\n"u8);
    }
}
