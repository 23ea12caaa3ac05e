//! A real SMTP server for tests (mailin), on 127.0.0.1 with a free port, keeping every message.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use mailin_embedded::{Handler, Response, Server, response};

/// A received message.
#[derive(Debug, Clone, Default)]
pub struct Received {
    /// Envelope recipients.
    pub to: Vec<String>,
    /// The raw message (headers and body).
    pub raw: String,
}

impl Received {
    /// The body of the first part whose `Content-Type` starts with `content_type`, decoded.
    pub fn part(&self, content_type: &str) -> Option<Vec<u8>> {
        use base64::Engine;
        let start = self.raw.find(&format!("Content-Type: {content_type}"))?;
        let part = &self.raw[start..];
        let headers_end = part.find("\r\n\r\n")?;
        let headers = &part[..headers_end];
        let body: String = part[headers_end + 4..]
            .lines()
            .take_while(|l| !l.starts_with("--"))
            .collect::<Vec<_>>()
            .join("\r\n");
        if headers.contains("base64") {
            base64::engine::general_purpose::STANDARD
                .decode(body.replace(['\r', '\n'], ""))
                .ok()
        } else {
            Some(body.into_bytes())
        }
    }
}

#[derive(Clone)]
struct Collector {
    inbox: Arc<Mutex<Vec<Received>>>,
    current: Received,
    buffer: Vec<u8>,
}

impl Handler for Collector {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Received {
            to: to.to_vec(),
            raw: String::new(),
        };
        self.buffer.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.buffer.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        self.current.raw = String::from_utf8_lossy(&self.buffer).into_owned();
        self.inbox.lock().unwrap().push(self.current.clone());
        response::OK
    }
}

/// The running peer.
pub struct SmtpPeer {
    /// `smtp://127.0.0.1:PORT`.
    pub url: String,
    inbox: Arc<Mutex<Vec<Received>>>,
}

impl SmtpPeer {
    /// Starts a server on a free port, on its own thread.
    pub fn start() -> Self {
        Self::start_on(TcpListener::bind("127.0.0.1:0").unwrap())
    }

    /// Starts a server on `listener`.
    pub fn start_on(listener: TcpListener) -> Self {
        let port = listener.local_addr().unwrap().port();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let handler = Collector {
            inbox: inbox.clone(),
            current: Received::default(),
            buffer: Vec::new(),
        };
        std::thread::spawn(move || {
            let mut server = Server::new(handler);
            server
                .with_name("smtp.test")
                .with_num_threads(16)
                .with_tcp_listener(listener);
            let _ = server.serve();
        });
        Self {
            url: format!("smtp://127.0.0.1:{port}"),
            inbox,
        }
    }

    /// Messages received so far.
    pub fn messages(&self) -> Vec<Received> {
        self.inbox.lock().unwrap().clone()
    }
}
