/** Italian words of the SMTP part of the reports (`--smtp`). */
import type { SmtpStrings } from './smtp.js';

/** Italiano. */
export const smtp: SmtpStrings = {
  section: 'Verifica delle caselle (SMTP)',
  intro:
    'Al server di posta di ogni dominio è stato chiesto se la casella esiste, con un dialogo SMTP che si ferma prima di inviare qualsiasi messaggio. ' +
    'Una riga viene scartata solo se il server ha rifiutato anche un indirizzo inventato sullo stesso dominio; timeout, risposte temporanee e rifiuti del computer che verifica non portano mai a scartarla.',
  label: 'SMTP',
  status: { ok: 'ok', unavailable: 'non disponibile', stopped: 'interrotta' },
  ran: '{probes} in {sessions} con {hosts}',
  reasons: {
    port_blocked:
      'Nessun server di posta era raggiungibile sulla porta SMTP (molte reti domestiche e cloud bloccano la porta 25 in uscita), quindi le caselle non sono state verificate e ogni riga ha mantenuto il verdetto del DNS. Esegui la verifica da un computer che può collegarsi, oppure usa --smtp-proxy.',
    proxy_unreachable: 'Il proxy SOCKS5 (--smtp-proxy) non era raggiungibile, quindi le caselle non sono state verificate e ogni riga ha mantenuto il verdetto del DNS.',
    policy_rate:
      'I server di posta hanno rifiutato troppo spesso il computer che verifica (blocklist, reputazione), quindi la verifica è stata interrotta; le righe non verificate hanno mantenuto il verdetto del DNS.',
    aborted: 'L’esecuzione è stata interrotta prima di verificare tutte le caselle.',
  },
  answers: {
    exists: 'esiste',
    not_found: 'non esiste',
    full: 'casella piena',
    catch_all: 'accetta tutto',
    unverified: 'non verificata',
    skipped: 'non interrogata',
  },
  causes: {
    timeout: 'timeout',
    refused: 'connessione rifiutata',
    greylisted: 'greylisting',
    policy: 'rifiuto verso di noi (policy)',
    provider_accepts_all: 'il provider accetta tutto',
    private_mx: 'MX privato',
    unresolved: 'MX senza indirizzo',
    protocol: 'errore di protocollo',
    unclassified: 'risposta poco chiara',
    inconsistent: 'risposta incoerente',
    unavailable: 'SMTP non disponibile',
    stopped: 'verifica interrotta',
    max_reached: '--smtp-max raggiunto',
    aborted: 'esecuzione interrotta',
  },
  catchAll: 'Domini che accettano qualsiasi indirizzo: {domains}',
  more: '… e altri {count}',
  th: { answer: 'Risposta del server di posta', rows: 'Righe' },
};
