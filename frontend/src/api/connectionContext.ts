import { createContext } from "react";
import { ConnectionStatusStore } from "./connectionStatus";

/** The connection status of the client in use; a detached default for isolated tests. */
export const ConnectionStatusContext = createContext<ConnectionStatusStore>(new ConnectionStatusStore());
