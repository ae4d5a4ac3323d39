/**
 * Words that Windows' netstat / route print print in various display languages.
 * The code page guesser scores decodings by how many of these it finds (a wrong
 * code page turns them into mojibake), and the state mapper uses STATE_WORDS.
 * Protocol names (TCP, UDP) and addresses are never translated, so parsing does
 * not depend on these lists: they only improve guesses and state names.
 */
import type { SocketState } from '../../../shared/model';

/** Header and section words (lower case) in the locales Windows ships. */
export const LOCALIZED_WORDS: readonly string[] = [
  // English
  'active connections', 'local address', 'foreign address', 'state', 'interface list', 'route table', 'statistics',
  // French
  'connexions actives', 'adresse locale', 'adresse distante', 'état', 'itinéraires', 'métrique', 'réseau', 'propriétaire',
  'écoute', 'établie', 'passerelle', 'masque',
  // Spanish
  'conexiones activas', 'dirección local', 'dirección remota', 'estado', 'escuchando', 'establecido', 'información',
  'tabla de rutas', 'métrica', 'máscara', 'puerta de enlace',
  // Portuguese
  'conexões ativas', 'endereço local', 'endereço externo', 'estatísticas', 'escutando', 'estabelecida',
  // German
  'aktive verbindungen', 'lokale adresse', 'remoteadresse', 'zustand', 'abhören', 'hergestellt', 'schnittstellenliste',
  'statistik', 'für',
  // Italian
  'connessioni attive', 'indirizzo locale', 'indirizzo esterno', 'stato', 'in ascolto', 'stabilita',
  // Polish, Czech (cp852)
  'aktywne połączenia', 'adres lokalny', 'obcy adres', 'nasłuchiwanie', 'ustanowiono', 'aktivní připojení', 'místní adresa',
  // Russian (cp866)
  'активные подключения', 'имя', 'локальный адрес', 'внешний адрес', 'состояние', 'прослушивание', 'статистика',
  'список интерфейсов', 'таблица маршрутов', 'маршруты',
  // Chinese simplified (GBK) and traditional (Big5)
  '活动连接', '协议', '本地地址', '外部地址', '状态', '侦听', '监听', '已建立', '接口列表', '路由表', '统计',
  '使用中連線', '通訊協定', '本機位址', '外部位址', '狀態', '接聽', '介面清單', '路由表',
  // Japanese (cp932)
  'アクティブな接続', 'プロトコル', 'ローカル アドレス', '外部アドレス', '状態', '統計',
  // Korean (cp949)
  '활성 연결', '프로토콜', '로컬 주소', '외부 주소', '상태', '수신 대기', '연결됨',
];

/** State words (upper case) as netstat prints them, per language, mapped to the model's enum. */
export const STATE_WORDS: Readonly<Record<string, SocketState>> = {
  // English (also what most modern localized Windows print)
  LISTENING: 'LISTEN', LISTEN: 'LISTEN', SYN_SENT: 'SYN_SENT', SYN_RECEIVED: 'SYN_RECV', SYN_RECV: 'SYN_RECV',
  ESTABLISHED: 'ESTABLISHED', FIN_WAIT_1: 'FIN_WAIT1', FIN_WAIT1: 'FIN_WAIT1', FIN_WAIT_2: 'FIN_WAIT2',
  FIN_WAIT2: 'FIN_WAIT2', CLOSE_WAIT: 'CLOSE_WAIT', CLOSING: 'CLOSING', LAST_ACK: 'LAST_ACK', TIME_WAIT: 'TIME_WAIT',
  CLOSED: 'CLOSED', DELETE_TCB: 'DELETE_TCB',
  // A bound, unconnected socket is CLOSED in TCP's state machine (Windows shows BOUND with -q).
  BOUND: 'CLOSED',
  // Spanish
  ESCUCHANDO: 'LISTEN', ESTABLECIDO: 'ESTABLISHED', ESTABLECIDA: 'ESTABLISHED', TIEMPO_ESPERA: 'TIME_WAIT',
  ESPERA_CIERRE: 'CLOSE_WAIT', CERRADO: 'CLOSED', CERRANDO: 'CLOSING',
  // French
  'ÉCOUTE': 'LISTEN', ECOUTE: 'LISTEN', 'ÉTABLIE': 'ESTABLISHED', ETABLIE: 'ESTABLISHED', 'FERMÉ': 'CLOSED',
  // Portuguese
  ESCUTANDO: 'LISTEN', ESTABELECIDA: 'ESTABLISHED', ESTABELECIDO: 'ESTABLISHED', TEMPO_ESPERA: 'TIME_WAIT',
  // German
  'ABHÖREN': 'LISTEN', ABHOEREN: 'LISTEN', HERGESTELLT: 'ESTABLISHED', WARTEND: 'TIME_WAIT',
  SCHLIESSEN_WARTEN: 'CLOSE_WAIT', 'SCHLIEßEN_WARTEN': 'CLOSE_WAIT', GESCHLOSSEN: 'CLOSED',
  // Italian
  'IN ASCOLTO': 'LISTEN', STABILITA: 'ESTABLISHED',
  // Polish
  'NASŁUCHIWANIE': 'LISTEN', USTANOWIONO: 'ESTABLISHED', 'CZAS_OCZEKIWANIA': 'TIME_WAIT',
  // Russian
  'ПРОСЛУШИВАНИЕ': 'LISTEN', 'УСТАНОВЛЕНО': 'ESTABLISHED', 'ОЖИДАНИЕ': 'TIME_WAIT', 'ЗАКРЫТО': 'CLOSED',
  // Chinese (older releases translated states)
  '侦听': 'LISTEN', '监听': 'LISTEN', '已建立': 'ESTABLISHED', '等待': 'TIME_WAIT', '接聽': 'LISTEN',
  // Japanese, Korean
  '待ち受け中': 'LISTEN', '確立': 'ESTABLISHED', '수신 대기': 'LISTEN', '연결됨': 'ESTABLISHED',
};
