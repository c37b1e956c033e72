//! The connection's socket as hyper sees it: a write that makes no progress for the write
//! timeout fails (a client that never reads its answer is cut off, and the answer's memory
//! freed), the bodiless error answers hyper writes itself (400, 414, 431) get a JSON body, and
//! the connection task can tell whether a request has begun to arrive since the last answer.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// What the connection task reads of its socket's state.
#[derive(Default)]
pub(crate) struct Activity {
    /// Bytes have been read since the last write: a request is arriving or being answered.
    pub(crate) reading: AtomicBool,
}

pub(crate) struct Io<S> {
    inner: S,
    write_timeout: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
    /// A rewritten error answer still to be written, and how much of it is written.
    pending: Vec<u8>,
    written: usize,
    activity: Arc<Activity>,
}

impl<S> Io<S> {
    pub(crate) fn new(inner: S, write_timeout: Duration, activity: Arc<Activity>) -> Io<S> {
        Io {
            inner,
            write_timeout,
            stalled: None,
            pending: Vec::new(),
            written: 0,
            activity,
        }
    }

    /// Called when a write could not progress: fails once it has not for the write timeout.
    fn stall(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        let timeout = self.write_timeout;
        let sleep = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client did not read its answer within the write timeout",
            )),
            Poll::Pending => Ok(()),
        }
    }
}

use std::future::Future;

/// The JSON body of an error answer hyper makes itself, by the status of its head.
fn hyper_error_body(head: &[u8]) -> Option<(&'static str, &'static str)> {
    let (code, message) = if head.starts_with(b"HTTP/1.1 400 ") {
        (
            "bad_request",
            "the request is not valid HTTP/1.1 (request line, header or version)",
        )
    } else if head.starts_with(b"HTTP/1.1 414 ") {
        ("uri_too_long", "the request target is too long")
    } else if head.starts_with(b"HTTP/1.1 431 ") {
        (
            "headers_too_large",
            "the request head is too large: at most 100 header fields and about 400 KB",
        )
    } else {
        return None;
    };
    Some((code, message))
}

/// hyper's own answer to a request it could not parse, rewritten with a JSON body; `None` for
/// anything else. Such an answer is written at once and whole: its head ends the buffer and
/// says `content-length: 0` (no answer of the service has an empty error body).
fn rewrite_hyper_error(buf: &[u8]) -> Option<Vec<u8>> {
    let (code, message) = hyper_error_body(buf)?;
    if !buf.ends_with(b"\r\n\r\n") {
        return None;
    }
    let head = std::str::from_utf8(buf).ok()?;
    if !head.contains("\r\ncontent-length: 0\r\n") {
        return None;
    }
    let body = serde_json::json!({"error": {"code": code, "message": message}}).to_string();
    let head = head.replacen(
        "\r\ncontent-length: 0\r\n",
        &format!(
            "\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
            body.len()
        ),
        1,
    );
    let mut out = head.into_bytes();
    out.extend_from_slice(body.as_bytes());
    Some(out)
}

impl<S: AsyncWrite + Unpin> Io<S> {
    /// Writes what is left of a rewritten answer.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.pending.len() {
            match Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.written..]) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => {
                    self.stalled = None;
                    self.written += n;
                }
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => {
                    self.stall(cx)?;
                    return Poll::Pending;
                }
            }
        }
        self.pending.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }

    fn progress<T>(&mut self, cx: &mut Context<'_>, r: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match r {
            Poll::Pending => {
                self.stall(cx)?;
                Poll::Pending
            }
            ready => {
                self.stalled = None;
                ready
            }
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Io<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let r = Pin::new(&mut this.inner).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.activity.reading.store(true, Ordering::SeqCst);
        }
        r
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Io<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        this.activity.reading.store(false, Ordering::SeqCst);
        if let Some(out) = rewrite_hyper_error(buf) {
            this.pending = out;
            this.written = 0;
            return match this.poll_pending(cx) {
                Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
                // The rest is written on the next write, flush or shutdown.
                _ => Poll::Ready(Ok(buf.len())),
            };
        }
        let r = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.progress(cx, r)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        this.activity.reading.store(false, Ordering::SeqCst);
        let nonempty: Vec<&io::IoSlice<'_>> = bufs.iter().filter(|b| !b.is_empty()).collect();
        if nonempty.len() == 1 {
            if let Some(out) = rewrite_hyper_error(nonempty[0]) {
                let n = nonempty[0].len();
                this.pending = out;
                this.written = 0;
                return match this.poll_pending(cx) {
                    Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
                    _ => Poll::Ready(Ok(n)),
                };
            }
        }
        let r = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.progress(cx, r)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        let r = Pin::new(&mut this.inner).poll_flush(cx);
        this.progress(cx, r)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        let r = Pin::new(&mut this.inner).poll_shutdown(cx);
        this.progress(cx, r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hyper_s_bodiless_errors_are_rewritten() {
        let head = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        let out = String::from_utf8(rewrite_hyper_error(head).unwrap()).unwrap();
        let (h, body) = out.split_once("\r\n\r\n").unwrap();
        assert!(
            h.contains(&format!("content-length: {}", body.len())),
            "{out}"
        );
        assert!(h.contains("content-type: application/json"), "{out}");
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["error"]["code"], "headers_too_large");
        // An answer of the service (a body follows), or another status: untouched.
        assert!(rewrite_hyper_error(
            b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 12\r\n\r\n"
        )
        .is_none());
        assert!(rewrite_hyper_error(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
    }
}
