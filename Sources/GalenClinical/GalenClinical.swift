import GalenNN
import GalenData
